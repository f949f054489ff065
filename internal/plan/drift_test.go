package plan

import (
	"reflect"
	"testing"

	"github.com/dockgen/dockgen/internal/analyze"
	"github.com/dockgen/dockgen/internal/dockerfile"
)

func TestDrift(t *testing.T) {
	api, worker := main("cmd/api", "api"), main("cmd/worker", "worker")
	api.Ports = []int{8080}
	worker.Ports = []int{9090}
	cgoAPI := api
	cgoAPI.Cgo, cgoAPI.CgoPackages = true, []string{"github.com/mattn/go-sqlite3"}
	cgoTool := main("tools/gen", "gen")
	cgoTool.Cgo, cgoTool.CgoPackages = true, []string{"github.com/example/libgen"}
	cgoOff := dockerfile.Cgo{Off: true, Line: 14, Why: "CGO_ENABLED=0"}
	build := &dockerfile.Stage{Name: "build", Image: "golang:1.26.11-trixie", Line: 7}
	apiStage := &dockerfile.Stage{Name: "api", Line: 20, Final: true, Ports: []int{8080}}
	workerStage := &dockerfile.Stage{Name: "worker", Line: 12, Final: true, Ports: []int{9090}}
	facts := func(stages ...*dockerfile.Stage) *dockerfile.Facts {
		return &dockerfile.Facts{GoVersion: "1.26.11", GoLine: 7, Stages: append([]*dockerfile.Stage{build}, stages...),
			Builds: []dockerfile.Build{{Line: 14, Cgo: cgoOff}}}
	}
	// withTool adds a helper tool's build, with cgo set the other way, to
	// facts whose go build names the packages it builds.
	withTool := func(f *dockerfile.Facts, off bool) *dockerfile.Facts {
		f.Builds[0].Packages = []string{"./cmd/api", "./cmd/worker"}
		f.Packages = []dockerfile.Package{{Path: "./cmd/api", Line: 14}, {Path: "./cmd/worker", Line: 14}}
		tool := dockerfile.Build{Line: 10}
		if off {
			tool.Cgo = cgoOff
		}
		f.Builds = append([]dockerfile.Build{tool}, f.Builds...)
		return f
	}
	cgoOn := func(f *dockerfile.Facts) *dockerfile.Facts { f.Builds[0].Cgo = dockerfile.Cgo{}; return f }
	tests := []struct {
		name    string
		old     *dockerfile.Facts
		project *analyze.Project
		mains   []string // selected; empty for the default
		want    []Reason
	}{
		{name: "up to date", old: facts(workerStage, apiStage), project: project(api, worker)},
		{name: "a newer patch in go.mod changes nothing", old: facts(workerStage, apiStage), project: withGo(project(api, worker), "1.26.2")},
		{name: "go version", old: facts(workerStage, apiStage), project: withGo(project(api, worker), "1.27.0"),
			want: []Reason{{Topic: "go", Line: 7, Text: "the Dockerfile builds with Go 1.26.11, dockgen now writes 1.27.4: the newest patch of Go 1.27 dockgen knows (the go line of go.mod needs Go 1.27)"}}},
		{name: "go version of a workspace", old: facts(workerStage, apiStage), project: workspace(withGo(project(api, worker), "1.27.0")),
			want: []Reason{{Topic: "go", Line: 7, Text: "the Dockerfile builds with Go 1.26.11, dockgen now writes 1.27.4: the newest patch of Go 1.27 dockgen knows (the go line of go.work needs Go 1.27)"}}},
		{name: "a new binary", old: facts(apiStage), project: project(api, worker),
			want: []Reason{{Topic: "stages", Text: "new binary worker (main package cmd/worker) gets a stage"}}},
		{name: "a binary gone", old: facts(workerStage, apiStage), project: project(api),
			want: []Reason{{Topic: "stages", Line: 12, Text: "stage worker has no main package any more"}}},
		{name: "a helper stage is not a binary", old: facts(&dockerfile.Stage{Name: "certs", Line: 9}, apiStage), project: project(api)},
		{name: "cgo needed now", old: facts(apiStage), project: project(cgoAPI),
			want: []Reason{{Topic: "cgo", Line: 14, Text: "the code now needs cgo (github.com/mattn/go-sqlite3), the Dockerfile disables it"}}},
		{name: "cgo of the built binaries only", old: facts(apiStage), project: project(cgoAPI, cgoTool), mains: []string{"cmd/api"},
			want: []Reason{{Topic: "cgo", Line: 14, Text: "the code now needs cgo (github.com/mattn/go-sqlite3), the Dockerfile disables it"}}},
		{name: "cgo no longer needed", old: cgoOn(facts(apiStage)), project: project(api),
			want: []Reason{{Topic: "cgo", Text: "cgo is no longer needed: static binaries with CGO_ENABLED=0"}}},
		{name: "cgo needed, a helper tool built with cgo off", old: withTool(cgoOn(facts(apiStage)), true), project: project(cgoAPI)},
		{name: "cgo not needed, a helper tool built with cgo on", old: withTool(facts(apiStage), false), project: project(api)},
		{name: "cgo not needed, the binary built with cgo on", old: withTool(cgoOn(facts(apiStage)), true), project: project(api),
			want: []Reason{{Topic: "cgo", Text: "cgo is no longer needed: static binaries with CGO_ENABLED=0"}}},
		{name: "ports of the primary", old: facts(workerStage, &dockerfile.Stage{Name: "api", Final: true, Ports: []int{80}, Line: 30}), project: project(api, worker),
			want: []Reason{{Topic: "ports", Line: 30, Text: "api now exposes [8080] (was [80])"}}},
		{name: "ports of a binary that is not the primary", old: facts(&dockerfile.Stage{Name: "worker", Final: true}, apiStage), project: project(api, worker),
			want: []Reason{{Topic: "ports", Text: "worker now exposes [9090] (was [])"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pl := decide(t, tt.project, Choices{Primary: "api", Mains: tt.mains})
			if got := Drift(tt.old, tt.project, pl); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Drift =\n  %+v\nwant\n  %+v", got, tt.want)
			}
		})
	}
}

func withGo(p *analyze.Project, v string) *analyze.Project {
	p.Go = v
	return p
}

func workspace(p *analyze.Project) *analyze.Project {
	p.Workspace = true
	return p
}
