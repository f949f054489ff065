package lint

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/moby/patternmatcher/ignorefile"

	"github.com/dockgen/dockgen/internal/analyze"
	"github.com/dockgen/dockgen/internal/exampletest"
	"github.com/dockgen/dockgen/internal/plan"
	"github.com/dockgen/dockgen/internal/render"
)

// TestCorpus lints every Dockerfile dockgen generate can write for the
// examples: each example × analysis (dependencies on disk or not, private
// modules) × base × cgo mode × main selection × port × extra run-time
// files. dockgen's own output must not give a single finding.
func TestCorpus(t *testing.T) {
	bases := []plan.Base{plan.Distroless, plan.Scratch, plan.Alpine}
	cgos := []plan.CgoMode{plan.CgoAuto, plan.CgoOn, plan.CgoOff}
	ports := []int{0, -1, 9000}
	includes := [][]string{nil, plan.IncludeNames}
	total, distinct := 0, map[string]bool{}
	for _, dir := range exampletest.Dirs(t) {
		example := filepath.Base(dir)
		mod, err := LoadModule(dir)
		if err != nil || mod == nil {
			t.Fatalf("%s: go.mod: %v", example, err)
		}
		mc := exampletest.ModCache(t, dir)
		analyses := map[string]analyze.Options{
			"deps":    {Root: example, ModCache: os.DirFS(mc)},
			"no-deps": {Root: example},
			"private": {Root: example, ModCache: os.DirFS(mc), Getenv: func(k string) string {
				if k == "GOPRIVATE" {
					return "*"
				}
				return ""
			}},
		}
		for _, aname := range []string{"deps", "no-deps", "private"} {
			p, err := analyze.Analyze(os.DirFS(dir), analyses[aname])
			if err != nil {
				t.Fatalf("%s: %v", example, err)
			}
			selections := [][]string{nil}
			var all []string
			for _, m := range p.Mains {
				selections = append(selections, []string{m.Dir})
				all = append(all, m.Dir)
			}
			if len(all) > 1 {
				selections = append(selections, all)
			}
			for _, base := range bases {
				for _, cgo := range cgos {
					for _, mains := range selections {
						for _, port := range ports {
							for _, include := range includes {
								c := plan.Choices{Base: base, Cgo: cgo, Mains: mains, Port: port, Include: include}
								name := fmt.Sprintf("%s/%s/%s", example, aname, c)
								pl, err := plan.Decide(p, c)
								if err != nil {
									t.Errorf("%s: Decide: %v", name, err)
									continue
								}
								files, err := render.Render(pl)
								if err != nil {
									t.Errorf("%s: Render: %v", name, err)
									continue
								}
								total++
								key := string(files.Dockerfile) + "\x00" + string(files.Dockerignore)
								if distinct[key] {
									continue
								}
								distinct[key] = true
								lintGenerated(t, name, files, mod)
							}
						}
					}
				}
			}
		}
	}
	t.Logf("%d plans, %d distinct Dockerfiles, no findings", total, len(distinct))
}

// lintGenerated lints one generated Dockerfile with its .dockerignore.
func lintGenerated(t *testing.T, name string, files render.Files, mod *Module) {
	t.Helper()
	patterns, err := ignorefile.ReadAll(bytes.NewReader(files.Dockerignore))
	if err != nil {
		t.Fatalf("%s: .dockerignore: %v", name, err)
	}
	opts := Options{Ignore: &Ignore{Name: ".dockerignore", Patterns: patterns}, Module: mod}
	found, err := Lint("Dockerfile", files.Dockerfile, opts)
	if err != nil {
		t.Errorf("%s: %v", name, err)
		return
	}
	if len(found) > 0 {
		t.Errorf("%s: findings on generated output:\n%s\n%s", name, dump(found), numbered(files.Dockerfile))
	}
}

func numbered(b []byte) string {
	var out strings.Builder
	for i, l := range strings.Split(strings.TrimRight(string(b), "\n"), "\n") {
		fmt.Fprintf(&out, "%3d  %s\n", i+1, l)
	}
	return out.String()
}
