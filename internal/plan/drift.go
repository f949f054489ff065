package plan

import (
	"fmt"
	"slices"
	"strings"

	"github.com/dockgen/dockgen/internal/analyze"
	"github.com/dockgen/dockgen/internal/dockerfile"
)

// Drift says why the plan differs from old, a Dockerfile dockgen generated
// earlier for the project: one reason per difference a person cares about
// (the Go version, binaries added or gone, cgo, the ports of each final
// stage), each with the line of old it is about (0 for the file as a
// whole). It is empty when those agree; other differences show in the
// diff.
func Drift(old *dockerfile.Facts, p *analyze.Project, pl *Plan) []Reason {
	var out []Reason
	add := func(topic string, line int, format string, args ...any) {
		out = append(out, Reason{Topic: topic, Line: line, Text: fmt.Sprintf(format, args...)})
	}
	if old.GoVersion != "" && old.GoVersion != pl.GoVersion {
		add("go", old.GoLine, "the Dockerfile builds with Go %s, dockgen now writes %s: %s", old.GoVersion, pl.GoVersion, pl.GoVersionSource)
	}
	finals := old.Finals()
	for _, f := range pl.Finals {
		if !slices.ContainsFunc(finals, func(s *dockerfile.Stage) bool { return s.Name == f.Stage }) {
			add("stages", 0, "new binary %s (main package %s) gets a stage", f.Binary, f.Dir)
		}
	}
	for _, s := range finals {
		if !slices.ContainsFunc(pl.Finals, func(f Final) bool { return f.Stage == s.Name }) {
			add("stages", s.Line, "stage %s has no main package any more", s.Name)
		}
	}
	if r, ok := cgoDrift(old, p, pl); ok {
		out = append(out, r)
	}
	for _, f := range pl.Finals {
		i := slices.IndexFunc(finals, func(s *dockerfile.Stage) bool { return s.Name == f.Stage })
		if i >= 0 && !slices.Equal(finals[i].Ports, f.Ports) && len(finals[i].Ports)+len(f.Ports) > 0 {
			add("ports", finals[i].Line, "%s now exposes %v (was %v)", f.Binary, f.Ports, finals[i].Ports)
		}
	}
	return out
}

// cgoDrift says where the go build of a binary the plan builds runs with
// cgo set the other way than the plan decides (the first such build); a
// helper tool's build is not one.
func cgoDrift(old *dockerfile.Facts, p *analyze.Project, pl *Plan) (Reason, bool) {
	for _, f := range pl.Finals {
		for _, b := range old.Builds {
			if !slices.ContainsFunc(mainsBuilt(old, b, p.Mains), func(m analyze.Main) bool { return m.Dir == f.Dir }) {
				continue
			}
			switch {
			case pl.Cgo && b.Cgo.Off:
				return Reason{Topic: "cgo", Line: b.Cgo.Line, Text: fmt.Sprintf("the code now needs cgo (%s), the Dockerfile disables it", strings.Join(CgoPackages(builtBy(p, pl)), ", "))}, true
			case !pl.Cgo && !b.Cgo.Off:
				return Reason{Topic: "cgo", Text: "cgo is no longer needed: static binaries with CGO_ENABLED=0"}, true
			}
		}
	}
	return Reason{}, false
}

// builtBy returns the mains the plan builds, one per final stage.
func builtBy(p *analyze.Project, pl *Plan) []analyze.Main {
	var out []analyze.Main
	for _, f := range pl.Finals {
		if m, ok := FindMain(p.Mains, f.Dir); ok {
			out = append(out, m)
		}
	}
	return out
}

// goFile names the file whose go and toolchain lines set the Go version.
func goFile(p *analyze.Project) string {
	if p.Workspace {
		return "go.work"
	}
	return "go.mod"
}

// CgoPackages lists the cgo packages in the closures of mains, sorted, each
// once.
func CgoPackages(mains []analyze.Main) []string {
	var out []string
	for _, m := range mains {
		out = append(out, m.CgoPackages...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}
