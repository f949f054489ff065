package plan

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/dockgen/dockgen/internal/analyze"
)

func TestLayer(t *testing.T) {
	p := project(main("cmd/api", "api"), main("cmd/worker", "worker"), main("tools/gen", "gen"))
	saved := Choices{Base: Scratch, Mains: []string{"cmd/api", "cmd/worker"}, Primary: "worker", Port: 8080, Cgo: CgoOff, Include: []string{"tzdata"}, Private: []string{"corp.example/*"}}
	tests := []struct {
		name  string
		saved Choices
		flags Choices
		given Given
		want  Choices
	}{
		{name: "nothing given keeps saved", saved: saved, flags: Choices{Base: Alpine}, want: saved},
		{name: "nothing saved, nothing given", want: Choices{}},
		{name: "a given flag wins", saved: saved, flags: Choices{Base: Alpine}, given: Given{Base: true},
			want: Choices{Base: Alpine, Mains: saved.Mains, Primary: "worker", Port: 8080, Cgo: CgoOff, Include: []string{"tzdata"}, Private: saved.Private}},
		{name: "a given empty value resets (--port auto)", saved: saved, given: Given{Port: true, Include: true},
			want: Choices{Base: Scratch, Mains: saved.Mains, Primary: "worker", Cgo: CgoOff, Private: saved.Private}},
		{name: "mains given, saved primary still selected by directory", saved: saved, flags: Choices{Mains: []string{"./cmd/worker"}}, given: Given{Mains: true},
			want: Choices{Base: Scratch, Mains: []string{"./cmd/worker"}, Primary: "worker", Port: 8080, Cgo: CgoOff, Include: []string{"tzdata"}, Private: saved.Private}},
		{name: "mains given, saved primary still selected by binary", saved: saved, flags: Choices{Mains: []string{"worker", "gen"}}, given: Given{Mains: true},
			want: Choices{Base: Scratch, Mains: []string{"worker", "gen"}, Primary: "worker", Port: 8080, Cgo: CgoOff, Include: []string{"tzdata"}, Private: saved.Private}},
		{name: "mains given, saved primary no longer selected", saved: saved, flags: Choices{Mains: []string{"cmd/api"}}, given: Given{Mains: true},
			want: Choices{Base: Scratch, Mains: []string{"cmd/api"}, Port: 8080, Cgo: CgoOff, Include: []string{"tzdata"}, Private: saved.Private}},
		{name: "mains given as the root-less default selection", saved: saved, flags: Choices{}, given: Given{Mains: true},
			want: Choices{Base: Scratch, Primary: "worker", Port: 8080, Cgo: CgoOff, Include: []string{"tzdata"}, Private: saved.Private}},
		{name: "mains and primary given", saved: saved, flags: Choices{Mains: []string{"cmd/api"}, Primary: "api"}, given: Given{Mains: true, Primary: true},
			want: Choices{Base: Scratch, Mains: []string{"cmd/api"}, Primary: "api", Port: 8080, Cgo: CgoOff, Include: []string{"tzdata"}, Private: saved.Private}},
		{name: "an unknown main keeps the primary for Decide to report", saved: saved, flags: Choices{Mains: []string{"cmd/nope"}}, given: Given{Mains: true},
			want: Choices{Base: Scratch, Mains: []string{"cmd/nope"}, Primary: "worker", Port: 8080, Cgo: CgoOff, Include: []string{"tzdata"}, Private: saved.Private}},
		{name: "ports by name are put over the saved ones one by one; auto drops one", saved: Choices{Port: 8080, Ports: map[string]int{"worker": 9090, "gen": 7070}}, flags: Choices{Ports: map[string]int{"worker": 0, "api": 81}}, given: Given{Ports: true},
			want: Choices{Port: 8080, Ports: map[string]int{"api": 81, "gen": 7070}}},
		{name: "the primary's port given, ports by name kept", saved: Choices{Port: 8080, Ports: map[string]int{"worker": 9090}}, flags: Choices{Port: -1}, given: Given{Port: true},
			want: Choices{Port: -1, Ports: map[string]int{"worker": 9090}}},
		{name: "the primary's port given unnamed: the saved ports by name stay for Decide (TestLayerPorts)", saved: Choices{Primary: "worker", Ports: map[string]int{"worker": 9090, "gen": 7070}}, flags: Choices{Port: 7000}, given: Given{Port: true},
			want: Choices{Primary: "worker", Port: 7000, Ports: map[string]int{"gen": 7070, "worker": 9090}}},
		{name: "the primary's port given both ways: the name wins", saved: Choices{Primary: "worker", Ports: map[string]int{"worker": 9090}}, flags: Choices{Port: 7000, Ports: map[string]int{"worker": 7001}}, given: Given{Port: true, Ports: true, PortNames: []string{"worker"}},
			want: Choices{Primary: "worker", Port: 7000, Ports: map[string]int{"worker": 7001}}},
		{name: "a saved port of a binary no main builds is dropped; one given stays for Decide to report", saved: Choices{Ports: map[string]int{"old": 81, "older": 82, "worker": 9090}}, flags: Choices{Ports: map[string]int{"older": 83}}, given: Given{Ports: true, PortNames: []string{"older"}},
			want: Choices{Ports: map[string]int{"older": 83, "worker": 9090}}},
		{name: "everything given (the wizard's answers)", saved: saved, flags: Choices{Base: Alpine}, given: AllGiven(),
			want: Choices{Base: Alpine, Private: saved.Private}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Layer(p, tt.saved, tt.flags, tt.given)
			got.saved = nil // where ports come from: TestLayerPorts
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Layer =\n  %+v\nwant\n  %+v", got, tt.want)
			}
		})
	}
}

// TestLayerPorts: a given port wins over a saved one, the primary's
// included, and the plan's reason names what holds the port: the flag
// given, or the saved settings.
func TestLayerPorts(t *testing.T) {
	api, worker := main("cmd/api", "api"), main("cmd/worker", "worker")
	api.Ports, worker.Ports = []int{8080}, []int{9090}
	p := project(api, worker)
	tests := []struct {
		name         string
		saved, flags Choices
		given        Given
		primary      string // the wizard's answer after Layer, if any
		want         map[string][]int
		reasons      []string
		settings     string // the settings line's ports, if checked
		err          string
	}{
		{name: "--port N over the primary's saved port by name", saved: Choices{Primary: "api", Ports: map[string]int{"api": 9191}}, flags: Choices{Port: 7000}, given: Given{Port: true},
			want: map[string][]int{"api": {7000}, "worker": {9090}}, reasons: []string{"api: port: EXPOSE 7000 (--port 7000)"}, settings: "port=7000 cgo="},
		{name: "--port N is the port of the primary chosen after Layer", saved: Choices{Primary: "api", Ports: map[string]int{"api": 9191, "worker": 9292}}, flags: Choices{Port: 7000}, given: Given{Port: true}, primary: "worker",
			want: map[string][]int{"api": {9191}, "worker": {7000}}, reasons: []string{"worker: port: EXPOSE 7000 (--port 7000)", "api: port: EXPOSE 9191 (saved settings: ports=api:9191)"}, settings: "port=7000 ports=api:9191 "},
		{name: "--port N over the primary's saved port by name, primary picked", saved: Choices{Ports: map[string]int{"api": 9191}}, flags: Choices{Port: -1}, given: Given{Port: true},
			want: map[string][]int{"api": nil, "worker": {9090}}, reasons: []string{"api: port: no EXPOSE (--port none)"}},
		{name: "saved ports name the settings line", saved: Choices{Primary: "api", Port: 81, Ports: map[string]int{"worker": 9191}},
			want: map[string][]int{"api": {81}, "worker": {9191}}, reasons: []string{"api: port: EXPOSE 81 (saved settings: port=81)", "worker: port: EXPOSE 9191 (saved settings: ports=worker:9191)"}},
		{name: "a name given over a saved one", saved: Choices{Primary: "api", Ports: map[string]int{"worker": 9191}}, flags: Choices{Ports: map[string]int{"worker": 9292}}, given: Given{Ports: true, PortNames: []string{"worker"}},
			want: map[string][]int{"api": {8080}, "worker": {9292}}, reasons: []string{"worker: port: EXPOSE 9292 (--port worker=9292)"}},
		{name: "a name given equal to the saved one is given", saved: Choices{Primary: "api", Ports: map[string]int{"api": 81}}, flags: Choices{Ports: map[string]int{"api": 81}}, given: Given{Ports: true, PortNames: []string{"api"}},
			want: map[string][]int{"api": {81}, "worker": {9090}}, reasons: []string{"api: port: EXPOSE 81 (--port api=81)"}},
		{name: "a saved port of a binary no main builds any more is dropped", saved: Choices{Ports: map[string]int{"old": 9191, "worker": -1}},
			want: map[string][]int{"api": {8080}, "worker": nil}, reasons: []string{"ports: saved port of old dropped (ports=old:9191 in the saved settings): no main package builds old", "worker: port: no EXPOSE (saved settings: ports=worker:none)"}},
		{name: "a name given that no main builds is an error naming the flag", saved: Choices{Ports: map[string]int{"old": 9191}}, flags: Choices{Ports: map[string]int{"wroker": 9292}}, given: Given{Ports: true, PortNames: []string{"wroker"}},
			err: "invalid choice: --port wroker=9292: no main package builds wroker (binaries: api, worker)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Layer(p, tt.saved, tt.flags, tt.given)
			if tt.primary != "" {
				c.Primary = tt.primary
			}
			pl, err := Decide(p, c)
			if failed(t, err, tt.err) {
				return
			}
			checkPorts(t, pl, tt.want)
			if line := pl.Choices.String(); !strings.Contains(line, tt.settings) {
				t.Errorf("settings %q, want %q in it", line, tt.settings)
			}
			for _, want := range tt.reasons {
				if !hasReason(pl, want) {
					t.Errorf("no reason %q in %v", want, pl.Reasons)
				}
				if topic, text, _ := strings.Cut(want, ": "); topic == "ports" && !slices.Contains(pl.Warnings, text) {
					t.Errorf("no warning %q in %q", text, pl.Warnings)
				}
			}
		})
	}
}

// checkPorts checks the EXPOSEd ports of each final stage of pl.
func checkPorts(t *testing.T, pl *Plan, want map[string][]int) {
	t.Helper()
	got := map[string][]int{}
	for _, f := range pl.Finals {
		got[f.Binary] = f.Ports
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ports %v, want %v", got, want)
	}
}

// hasReason says whether pl gives the reason "topic: text".
func hasReason(pl *Plan, want string) bool {
	for _, r := range pl.Reasons {
		if r.Topic+": "+r.Text == want {
			return true
		}
	}
	return false
}

func TestGivenBy(t *testing.T) {
	got := GivenBy(func(flag string) bool { return flag == "main" || flag == "cgo" })
	if want := (Given{Mains: true, Cgo: true}); !reflect.DeepEqual(got, want) {
		t.Errorf("GivenBy = %+v, want %+v", got, want)
	}
	all := AllGiven()
	if !all.Base || !all.Mains || !all.Primary || !all.Port || !all.Cgo || !all.Include {
		t.Errorf("AllGiven = %+v, want every choice", all)
	}
}

func TestSelect(t *testing.T) {
	api, worker, gen := main("cmd/api", "api"), main("cmd/worker", "worker"), main("tools/gen", "gen")
	root := main(".", "server")
	ported := main("cmd/web", "web")
	ported.Ports = []int{8080}
	tests := []struct {
		name    string
		mains   []analyze.Main
		c       Choices
		want    []string // selected dirs
		left    []string
		primary string
		why     string
		err     string
	}{
		{name: "one main", mains: []analyze.Main{api}, want: []string{"cmd/api"}, primary: "api"},
		{name: "tools left out", mains: []analyze.Main{api, gen}, want: []string{"cmd/api"}, left: []string{"tools/gen"}, primary: "api"},
		{name: "only tools: all built", mains: []analyze.Main{gen}, want: []string{"tools/gen"}, primary: "gen"},
		{name: "named like the module", mains: []analyze.Main{api, main("cmd/svc", "svc")}, want: []string{"cmd/api", "cmd/svc"}, primary: "svc", why: "named like the module"},
		{name: "root main", mains: []analyze.Main{api, root}, want: []string{"cmd/api", "."}, primary: "server", why: "the main package at the module root"},
		{name: "first with a port", mains: []analyze.Main{api, ported}, want: []string{"cmd/api", "cmd/web"}, primary: "web", why: "the first binary that serves (listens or has a health route)"},
		{name: "a server before the module-named tool", mains: []analyze.Main{main("cmd/svc", "svc"), ported}, want: []string{"cmd/svc", "cmd/web"}, primary: "web", why: "the first binary that serves (listens or has a health route)"},
		{name: "first binary", mains: []analyze.Main{worker, api}, want: []string{"cmd/worker", "cmd/api"}, primary: "worker", why: "the first binary"},
		{name: "chosen mains sorted, duplicates once", mains: []analyze.Main{api, worker, gen}, c: Choices{Mains: []string{"tools/gen", "./cmd/api", "api"}}, want: []string{"cmd/api", "tools/gen"}, primary: "api", why: "the first binary"},
		{name: "primary by binary", mains: []analyze.Main{api, worker}, c: Choices{Primary: "worker"}, want: []string{"cmd/api", "cmd/worker"}, primary: "worker"},
		{name: "primary by directory", mains: []analyze.Main{api, worker}, c: Choices{Primary: "./cmd/worker"}, want: []string{"cmd/api", "cmd/worker"}, primary: "worker"},
		{name: "primary not selected", mains: []analyze.Main{api, worker}, c: Choices{Mains: []string{"cmd/api"}, Primary: "worker"}, err: "invalid choice: primary binary worker is not among the selected binaries (api)"},
		{name: "unknown main", mains: []analyze.Main{api}, c: Choices{Mains: []string{"cmd/nope"}}, err: "invalid choice: --main cmd/nope: no main package there (main packages: cmd/api)"},
		{name: "backslashes", mains: []analyze.Main{api, worker}, c: Choices{Mains: []string{`cmd\worker`}}, want: []string{"cmd/worker"}, primary: "worker"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Select(project(tt.mains...), tt.c)
			if failed(t, err, tt.err) {
				return
			}
			if got := dirsOf(s.Mains); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("mains %v, want %v", got, tt.want)
			}
			if got := dirsOf(s.Left); !reflect.DeepEqual(got, tt.left) {
				t.Errorf("left %v, want %v", got, tt.left)
			}
			if s.Primary.Binary != tt.primary || s.Why != tt.why {
				t.Errorf("primary %s (%q), want %s (%q)", s.Primary.Binary, s.Why, tt.primary, tt.why)
			}
			if others := s.Others(); len(others) != len(s.Mains)-1 {
				t.Errorf("others %v: want every selected main but the primary", dirsOf(others))
			}
		})
	}
}

func TestDropStalePrimary(t *testing.T) {
	p := project(main("cmd/api", "api"), main("cmd/worker", "worker"), main("tools/gen", "gen"))
	tests := []struct {
		c    Choices
		want string
	}{
		{Choices{}, ""},
		{Choices{Primary: "worker"}, "worker"},                                        // the default selection has it
		{Choices{Primary: "gen"}, ""},                                                 // a tool: not selected by default
		{Choices{Mains: []string{"tools/gen"}, Primary: "gen"}, "gen"},                // selected by directory
		{Choices{Mains: []string{"cmd/api"}, Primary: "cmd/worker"}, ""},              // no longer selected
		{Choices{Mains: []string{"cmd/nope"}, Primary: "api"}, "api"},                 // Decide reports the bad main
		{Choices{Mains: []string{"worker"}, Primary: "./cmd/worker"}, "./cmd/worker"}, // the same main both ways
	}
	for _, tt := range tests {
		if got := DropStalePrimary(p, tt.c).Primary; got != tt.want {
			t.Errorf("DropStalePrimary(%+v).Primary = %q, want %q", tt.c, got, tt.want)
		}
	}
}

// failed reports whether err is the error a test wants, want, which wraps
// ErrChoice; it fails the test on any other error, or none when one is
// wanted.
func failed(t *testing.T, err error, want string) bool {
	t.Helper()
	if want == "" {
		if err != nil {
			t.Fatal(err)
		}
		return false
	}
	if err == nil || err.Error() != want || !errors.Is(err, ErrChoice) {
		t.Fatalf("err %v, want %q wrapping ErrChoice", err, want)
	}
	return true
}

func dirsOf(mains []analyze.Main) []string {
	var out []string
	for _, m := range mains {
		out = append(out, m.Dir)
	}
	return out
}
