package plan

import (
	"reflect"
	"testing"

	"github.com/dockgen/dockgen/internal/analyze"
	"github.com/dockgen/dockgen/internal/dockerfile"
)

func TestDisagreements(t *testing.T) {
	api, tool := main("cmd/api", "api"), main("tools/gen", "gen")
	tool.Cgo, tool.CgoPackages = true, []string{"github.com/mattn/go-sqlite3"}
	p := withGo(project(api, tool), "1.26.0")
	build := func(pkgs ...string) *dockerfile.Facts {
		f := &dockerfile.Facts{GoVersion: "1.26", GoLine: 1, Builds: []dockerfile.Build{{Line: 5, Packages: pkgs, Cgo: dockerfile.Cgo{Off: true, Line: 5, Why: "CGO_ENABLED=0"}}}}
		for _, pkg := range pkgs {
			f.Packages = append(f.Packages, dockerfile.Package{Path: pkg, Line: 5})
		}
		return f
	}
	// helper adds a helper tool's build with cgo off, before the build of
	// pkgs with cgo on.
	helper := func(pkgs ...string) *dockerfile.Facts {
		f := build(pkgs...)
		f.Builds = append([]dockerfile.Build{{Line: 3, Cgo: dockerfile.Cgo{Off: true, Line: 3, Why: "CGO_ENABLED=0"}}}, f.Builds...)
		f.Builds[1].Cgo = dockerfile.Cgo{}
		return f
	}
	alpine := build("./tools/gen")
	alpine.Builds[0].Cgo = dockerfile.Cgo{Off: true, Line: 2, Why: "golang:1.26-alpine has no C compiler, so go builds with cgo off"}
	cgoReason := Reason{Topic: "cgo", Line: 5, Text: "CGO_ENABLED=0, but the code needs cgo (github.com/mattn/go-sqlite3)"}
	tests := []struct {
		name string
		df   *dockerfile.Facts
		p    *analyze.Project
		want []Reason
	}{
		{name: "agrees", df: build("./cmd/api"), p: p},
		{name: "a floating tag of the same language version", df: build("./cmd/api"), p: withGo(project(api), "1.26.3")},
		{name: "an older builder", df: func() *dockerfile.Facts { f := build("./cmd/api"); f.GoVersion = "1.22"; return f }(), p: p,
			want: []Reason{{Topic: "go", Line: 1, Text: "the builder has Go 1.22, but go.mod requires go 1.26.0"}}},
		{name: "not a main package", df: build("./cmd/server"), p: p,
			want: []Reason{{Topic: "mains", Line: 5, Text: "go build ./cmd/server: no main package there (main packages: ./cmd/api ./tools/gen)"}}},
		{name: "cgo off for a binary that needs it", df: build("./tools/gen"), p: p, want: []Reason{cgoReason}},
		{name: "cgo off, the cgo binary under a pattern", df: build("./tools/..."), p: p, want: []Reason{cgoReason}},
		{name: "cgo off, everything", df: build("./..."), p: p, want: []Reason{cgoReason}},
		{name: "cgo off, packages not known", df: build(), p: p, want: []Reason{cgoReason}},
		{name: "cgo off for binaries that do not need it", df: build("./cmd/api"), p: p},
		{name: "cgo off for a helper tool only", df: helper("./tools/gen"), p: p},
		{name: "cgo off for want of a C compiler", df: alpine, p: p,
			want: []Reason{{Topic: "cgo", Line: 2, Text: "golang:1.26-alpine has no C compiler, so go builds with cgo off, but the code needs cgo (github.com/mattn/go-sqlite3)"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Disagreements(tt.df, tt.p); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Disagreements =\n  %+v\nwant\n  %+v", got, tt.want)
			}
		})
	}
}
