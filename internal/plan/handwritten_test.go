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
		f := &dockerfile.Facts{GoVersion: "1.26", GoLine: 1, CgoDisabled: true, CgoLine: 5}
		for _, pkg := range pkgs {
			f.Packages = append(f.Packages, dockerfile.Package{Path: pkg, Line: 5})
		}
		return f
	}
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
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Disagreements(tt.df, tt.p); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Disagreements =\n  %+v\nwant\n  %+v", got, tt.want)
			}
		})
	}
}
