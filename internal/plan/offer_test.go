package plan

import (
	"slices"
	"testing"

	"github.com/dockgen/dockgen/internal/analyze"
)

func TestOffer(t *testing.T) {
	api, worker := main("cmd/api", "api"), main("cmd/worker", "worker")
	api.Ports = []int{8080}
	worker.Ports = []int{9090, 9091}
	idle := main("cmd/idle", "idle") // serves nothing: its port is not asked
	cgo := main(".", "svc")
	cgo.Cgo, cgo.CgoPackages = true, []string{"github.com/mattn/go-sqlite3"}
	tests := []struct {
		name    string
		p       *analyze.Project
		c       Choices
		primary string
		bases   []Base
		cgo     bool
		ports   []int    // the primary's detected ports
		asked   []string // the binaries whose port is asked
		err     bool
	}{
		{name: "defaults", p: project(api, worker), primary: "api", bases: []Base{Distroless, Scratch, Alpine}, ports: []int{8080}, asked: []string{"api", "worker"}},
		{name: "the primary chosen", p: project(api, worker), c: Choices{Primary: "worker"}, primary: "worker", bases: []Base{Distroless, Scratch, Alpine}, ports: []int{9090, 9091}, asked: []string{"worker", "api"}},
		{name: "a port chosen: the detected ones are still offered", p: project(api), c: Choices{Port: 80}, primary: "api", bases: []Base{Distroless, Scratch, Alpine}, ports: []int{8080}, asked: []string{"api"}},
		{name: "ports chosen by name: the detected ones are still offered", p: project(api, worker), c: Choices{Ports: map[string]int{"api": 81, "worker": -1}}, primary: "api", bases: []Base{Distroless, Scratch, Alpine}, ports: []int{8080}, asked: []string{"api", "worker"}},
		{name: "a binary that serves nothing is not asked", p: project(api, idle), primary: "api", bases: []Base{Distroless, Scratch, Alpine}, ports: []int{8080}, asked: []string{"api"}},
		{name: "cgo", p: project(cgo), primary: "svc", bases: []Base{Distroless, Scratch, Alpine}, cgo: true, asked: []string{"svc"}},
		{name: "contradicting choices", p: project(api), c: Choices{Primary: "nope"}, err: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, err := Offer(tt.p, tt.c)
			if tt.err {
				if err == nil {
					t.Fatal("want an error")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var bases []Base
			for _, b := range o.Bases {
				bases = append(bases, b.Info.Base)
				if b.Plan.Primary().Base != b.Info.Base {
					t.Errorf("the plan offered for %s builds on %s", b.Info.Base, b.Plan.Primary().Base)
				}
			}
			var asked []string
			for _, po := range o.Ports {
				asked = append(asked, po.Binary)
			}
			if o.Plan.Primary().Binary != tt.primary || !slices.Equal(bases, tt.bases) || o.Cgo != tt.cgo || !slices.Equal(o.Ports[0].Detected, tt.ports) || !o.Ports[0].Primary || !slices.Equal(asked, tt.asked) {
				t.Errorf("primary %s, bases %v, cgo %v, ports %+v; want %s, %v, %v, %v asking %v", o.Plan.Primary().Binary, bases, o.Cgo, o.Ports, tt.primary, tt.bases, tt.cgo, tt.ports, tt.asked)
			}
		})
	}
}
