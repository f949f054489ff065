package render

import (
	"bytes"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/moby/buildkit/frontend/dockerfile/parser"

	"github.com/dockgen/dockgen/internal/exampletest"
	"github.com/dockgen/dockgen/internal/golden"
	"github.com/dockgen/dockgen/internal/plan"
)

// bases are every final image kind.
var bases = []plan.Base{plan.Distroless, plan.Scratch, plan.Alpine}

// renderExample plans and renders an example for a base.
func renderExample(t *testing.T, dir string, c plan.Choices) (*plan.Plan, Files) {
	t.Helper()
	p := exampletest.Analyze(t, dir)
	pl, err := plan.Decide(p, c)
	if err != nil {
		t.Fatalf("Decide: %v", err)
	}
	f, err := Render(pl)
	if err != nil {
		t.Fatalf("Render: %v", err)
	}
	return pl, f
}

// checkGolden compares got with testdata/<name>.golden (package golden).
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	golden.Check(t, filepath.Join("testdata", name+".golden"), got)
}

// TestGolden renders every example for every base.
func TestGolden(t *testing.T) {
	for _, dir := range exampletest.Dirs(t) {
		for _, base := range bases {
			name := filepath.Base(dir) + "_" + string(base)
			t.Run(name, func(t *testing.T) {
				_, f := renderExample(t, dir, plan.Choices{Base: base})
				checkGolden(t, "TestGolden/"+name+".Dockerfile", f.Dockerfile)
				checkGolden(t, "TestGolden/"+name+".dockerignore", f.Dockerignore)
			})
		}
	}
}

// TestDeterministic renders the same plan twice and a fresh analysis once
// more: the bytes must not change.
func TestDeterministic(t *testing.T) {
	for _, dir := range exampletest.Dirs(t) {
		pl, first := renderExample(t, dir, plan.Choices{Base: plan.Scratch})
		again, err := Render(pl)
		if err != nil {
			t.Fatal(err)
		}
		_, fresh := renderExample(t, dir, plan.Choices{Base: plan.Scratch})
		for _, f := range []Files{again, fresh} {
			if !bytes.Equal(f.Dockerfile, first.Dockerfile) || !bytes.Equal(f.Dockerignore, first.Dockerignore) {
				t.Errorf("%s: rendering is not deterministic", dir)
			}
		}
	}
}

// TestBuildKitParse parses every generated Dockerfile with BuildKit's own
// parser and instruction parser with every lint rule on: zero warnings.
func TestBuildKitParse(t *testing.T) {
	for _, dir := range exampletest.Dirs(t) {
		for _, base := range bases {
			for _, cgo := range []plan.CgoMode{plan.CgoAuto, plan.CgoOn} {
				t.Run(filepath.Base(dir)+"_"+string(base)+"_"+string(cgo), func(t *testing.T) {
					_, f := renderExample(t, dir, plan.Choices{Base: base, Cgo: cgo})
					checkBuildKit(t, f.Dockerfile)
				})
			}
		}
	}
}

func checkBuildKit(t *testing.T, dockerfile []byte) {
	t.Helper()
	res, err := parser.Parse(bytes.NewReader(dockerfile))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	for _, w := range res.Warnings {
		t.Errorf("parser warning: %s %s", w.Short, w.Detail)
	}
	var lintWarnings []string
	lint := linter.New(&linter.Config{
		ExperimentalAll: true,
		Warn: func(rule, desc, url, msg string, loc []parser.Range) {
			line := 0
			if len(loc) > 0 {
				line = loc[0].Start.Line
			}
			lintWarnings = append(lintWarnings, fmt.Sprintf("%s: %s (line %d)", rule, msg, line))
		},
	})
	stages, metaArgs, err := instructions.Parse(res.AST, lint)
	if err != nil {
		t.Fatalf("instructions: %v", err)
	}
	if len(stages) < 2 || len(metaArgs) != 1 {
		t.Errorf("got %d stages and %d global args, want a build stage, final stages and GO_VERSION", len(stages), len(metaArgs))
	}
	for _, w := range lintWarnings {
		t.Errorf("lint: %s", w)
	}
}
