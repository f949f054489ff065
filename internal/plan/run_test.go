package plan

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/dockgen/dockgen/internal/analyze"
)

func hasWarning(pl *Plan, sub string) bool {
	for _, w := range pl.Warnings {
		if strings.Contains(w, sub) {
			return true
		}
	}
	return false
}

func TestServingCommandIsTheCMD(t *testing.T) {
	m := main(".", "svc")
	m.Serves, m.Ports, m.Command, m.OtherCommands = true, []int{8080}, []string{"serve"}, []string{"api"}
	m.Evidence = []analyze.Evidence{{Fact: analyze.FactCommand, Pos: "main.go:9", Detail: `cobra command "serve"`}}
	pl := decide(t, project(m), Choices{})
	if got := pl.Finals[0].Cmd; !slices.Equal(got, []string{"serve"}) {
		t.Errorf("cmd = %q, want [serve]", got)
	}
	if !hasWarning(pl, "api also listen") {
		t.Errorf("warnings %q, want one naming the other serving subcommand", pl.Warnings)
	}
}

func TestListenAddressForTheContainer(t *testing.T) {
	tests := []struct {
		name    string
		listen  analyze.Listen
		port    int
		env     []EnvVar
		cmd     []string
		warning string
	}{
		{"loopback address from an env var", analyze.Listen{Address: "127.0.0.1:8080", Host: "127.0.0.1", Port: 8080, Env: []string{"LISTEN_ADDR"}}, 0,
			[]EnvVar{{"LISTEN_ADDR", "0.0.0.0:8080"}}, nil, ""},
		{"loopback host from a host variable", analyze.Listen{Address: "localhost:4000", Host: "localhost", Port: 4000, Env: []string{"HOST", "PORT"}}, 0,
			[]EnvVar{{"HOST", "0.0.0.0"}}, nil, ""},
		{"loopback from a flag", analyze.Listen{Address: "127.0.0.1:3000", Host: "127.0.0.1", Port: 3000, Flags: []string{"http-addr"}}, 0,
			nil, []string{"--http-addr=0.0.0.0:3000"}, ""},
		{"fixed loopback", analyze.Listen{Address: "127.0.0.1:5000", Host: "127.0.0.1", Port: 5000}, 0,
			nil, nil, "inside the container only"},
		{"all interfaces", analyze.Listen{Address: ":5000", Port: 5000}, 0, nil, nil, ""},
		{"--port wired through PORT", analyze.Listen{Address: ":8080", Port: 8080, Env: []string{"PORT"}}, 1234,
			[]EnvVar{{"PORT", "1234"}}, nil, ""},
		{"--port wired through an address flag", analyze.Listen{Address: ":8081", Port: 8081, Flags: []string{"addr"}}, 1234,
			nil, []string{"--addr=:1234"}, ""},
		{"--port the code ignores", analyze.Listen{Address: ":8081", Port: 8081}, 1234,
			nil, nil, "--port 1234, but main.go:3 listens on :8081"},
		{"a bind flag whose default is host:port takes an address", analyze.Listen{Address: "127.0.0.1:9014", Host: "127.0.0.1", Port: 9014, Flags: []string{"bind"}, AddrFlags: []string{"bind"}}, 0,
			nil, []string{"--bind=0.0.0.0:9014"}, ""},
		{"a bind flag for the host alone", analyze.Listen{Address: "127.0.0.1:9014", Host: "127.0.0.1", Port: 9014, Flags: []string{"bind"}}, 0,
			nil, []string{"--bind=0.0.0.0"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := main(".", "svc")
			tt.listen.Pos = "main.go:3"
			m.Serves, m.Ports, m.Listen = true, []int{tt.listen.Port}, []analyze.Listen{tt.listen}
			pl := decide(t, project(m), Choices{Port: tt.port})
			f := pl.Finals[0]
			if !slices.Equal(f.Env, tt.env) || !slices.Equal(f.Cmd, tt.cmd) {
				t.Errorf("env %v cmd %q, want %v %q", f.Env, f.Cmd, tt.env, tt.cmd)
			}
			if tt.warning == "" && len(pl.Warnings) > 0 || tt.warning != "" && !hasWarning(pl, tt.warning) {
				t.Errorf("warnings %q, want %q", pl.Warnings, tt.warning)
			}
		})
	}
}

// A chosen port moves only the listen address on the port EXPOSEd (the
// code's first): mailpit's SMTP server keeps 1025 when HTTP moves.
func TestChosenPortMovesOneListen(t *testing.T) {
	m := main(".", "mailpit")
	m.Serves, m.Ports, m.HealthPath = true, []int{8025, 1025}, "/healthz"
	m.Listen = []analyze.Listen{
		{Address: "0.0.0.0:1025", Host: "0.0.0.0", Port: 1025, Env: []string{"MP_SMTP_BIND_ADDR"}, Pos: "smtp.go:1"},
		{Address: "0.0.0.0:8025", Host: "0.0.0.0", Port: 8025, Env: []string{"MP_UI_BIND_ADDR"}, Pos: "http.go:1"},
	}
	for _, c := range []Choices{{Port: 9000, Base: Alpine}, {Ports: map[string]int{"mailpit": 9000}, Base: Alpine}} {
		pl := decide(t, project(m), c)
		f := pl.Finals[0]
		if want := []EnvVar{{"MP_UI_BIND_ADDR", "0.0.0.0:9000"}}; !slices.Equal(f.Env, want) {
			t.Errorf("%+v: env %v, want %v", c, f.Env, want)
		}
		if want := []int{9000, 1025}; !slices.Equal(f.Ports, want) {
			t.Errorf("%+v: ports %v, want %v (SMTP still exposed)", c, f.Ports, want)
		}
		if want := "http://127.0.0.1:9000/healthz"; !slices.Contains(f.Healthcheck, want) {
			t.Errorf("%+v: healthcheck %q, want the moved listen's port, %s", c, f.Healthcheck, want)
		}
		if want := "mailpit: port: EXPOSE 9000 1025 (--port %s9000; 1025 kept: the binary's other servers listen there)"; !hasReason(pl, fmt.Sprintf(want, "")) && !hasReason(pl, fmt.Sprintf(want, "mailpit=")) {
			t.Errorf("%+v: no reason %q in %v", c, want, pl.Reasons)
		}
		if want := "mailpit: listen: 0.0.0.0:1025 keeps port 1025 (smtp.go:1): the port chosen, 9000, replaces 8025 only"; !hasReason(pl, want) {
			t.Errorf("%+v: no reason %q in %v", c, want, pl.Reasons)
		}
	}
	// Without a choice neither moves; a loopback one still opens.
	m.Listen[0].Host, m.Listen[0].Address = "127.0.0.1", "127.0.0.1:1025"
	pl := decide(t, project(m), Choices{})
	if want := []EnvVar{{"MP_SMTP_BIND_ADDR", "0.0.0.0:1025"}}; !slices.Equal(pl.Finals[0].Env, want) {
		t.Errorf("no port chosen: env %v, want %v", pl.Finals[0].Env, want)
	}
	// A loopback address that keeps its port still opens to every interface.
	pl = decide(t, project(m), Choices{Port: 9000})
	if want := []EnvVar{{"MP_SMTP_BIND_ADDR", "0.0.0.0:1025"}, {"MP_UI_BIND_ADDR", "0.0.0.0:9000"}}; !slices.Equal(pl.Finals[0].Env, want) {
		t.Errorf("loopback kept: env %v, want %v", pl.Finals[0].Env, want)
	}
	// The moved listen's port not the code's first: it is replaced in its
	// place, and the health check still probes the chosen port.
	m.Ports = []int{7000, 8025, 1025}
	pl = decide(t, project(m), Choices{Port: 9000, Base: Alpine})
	if want := []int{7000, 8025, 9000}; !slices.Equal(pl.Finals[0].Ports, want) {
		t.Errorf("first listen moved: ports %v, want %v", pl.Finals[0].Ports, want)
	}
	if want := "http://127.0.0.1:9000/healthz"; !slices.Contains(pl.Finals[0].Healthcheck, want) {
		t.Errorf("first listen moved: healthcheck %q, want %s", pl.Finals[0].Healthcheck, want)
	}
}

// Listens whose ports the code does not fix are not moved by a chosen port,
// not even all to the same one: only the chosen port is exposed.
func TestChosenPortUnknownListenPorts(t *testing.T) {
	m := main(".", "svc")
	m.Serves = true
	m.Listen = []analyze.Listen{
		{Address: ":", Env: []string{"A_ADDR"}, Pos: "a.go:1"},
		{Address: ":", Env: []string{"B_ADDR"}, Pos: "b.go:1"},
	}
	pl := decide(t, project(m), Choices{Port: 9000})
	if f := pl.Finals[0]; len(f.Env) != 0 || !slices.Equal(f.Ports, []int{9000}) {
		t.Errorf("env %v ports %v, want no env and [9000]", f.Env, f.Ports)
	}
}

// Two addresses set by the same flag get it once on the command line.
func TestListenFlagOnce(t *testing.T) {
	m := main(".", "svc")
	m.Serves, m.Ports = true, []int{9014, 9015}
	m.Listen = []analyze.Listen{
		{Address: "127.0.0.1:9014", Host: "127.0.0.1", Port: 9014, Flags: []string{"bind"}, Pos: "a.go:1"},
		{Address: "127.0.0.1:9015", Host: "127.0.0.1", Port: 9015, Flags: []string{"bind"}, Pos: "b.go:1"},
	}
	pl := decide(t, project(m), Choices{})
	if got := pl.Finals[0].Cmd; !slices.Equal(got, []string{"--bind=0.0.0.0"}) {
		t.Errorf("cmd = %q, want the flag once", got)
	}
}

func TestWritableDirectories(t *testing.T) {
	m := main(".", "svc")
	m.DataDirs = []analyze.DataDir{{Path: "data", Pos: "main.go:7"}, {Path: "/var/lib/svc", Pos: "main.go:8"}}
	tests := []struct {
		base Base
		dirs []string
		env  []EnvVar
	}{
		{Distroless, []string{"/app/data", "/var/lib/svc"}, nil},
		{Scratch, []string{"/home/nonroot", "/app/data", "/var/lib/svc"}, []EnvVar{{"HOME", "/home/nonroot"}}},
		{Alpine, []string{"/home/nonroot", "/app/data", "/var/lib/svc"}, nil},
	}
	for _, tt := range tests {
		t.Run(string(tt.base), func(t *testing.T) {
			pl := decide(t, project(m), Choices{Base: tt.base})
			f := pl.Finals[0]
			if !slices.Equal(f.Dirs, tt.dirs) || !slices.Equal(f.Env, tt.env) {
				t.Errorf("dirs %q env %v, want %q %v", f.Dirs, f.Env, tt.dirs, tt.env)
			}
			if f.Workdir != "/app" || pl.EmptyDir == "" {
				t.Errorf("workdir %q, empty dir %q: want /app and one", f.Workdir, pl.EmptyDir)
			}
			if len(f.Notes) < 2 || !strings.Contains(strings.Join(f.Notes, "\n"), "mount a volume there") {
				t.Errorf("notes %q, want a volume hint per data directory", f.Notes)
			}
		})
	}
	pl := decide(t, project(main(".", "svc")), Choices{Base: Distroless})
	if len(pl.Finals[0].Dirs) != 0 || pl.EmptyDir != "" {
		t.Errorf("distroless without data: dirs %q, want none (it has the home)", pl.Finals[0].Dirs)
	}
}

// A data directory under the home is the nonroot user's; its volume hint
// is a command of its own, quoted when the path needs it.
func TestDataDirUnderHome(t *testing.T) {
	m := main(".", "svc")
	m.DataDirs = []analyze.DataDir{{Path: analyze.HomeDir + "/.local/share/svc", Pos: "main.go:7"}, {Path: "/var/lib/my app", Pos: "main.go:8"}}
	pl := decide(t, project(m), Choices{Base: Distroless})
	f := pl.Finals[0]
	if want := []string{"/home/nonroot/.local/share/svc", "/var/lib/my app"}; !slices.Equal(f.Dirs, want) || f.Workdir != "" {
		t.Errorf("dirs %q workdir %q, want %q and none", f.Dirs, f.Workdir, want)
	}
	for _, want := range []string{
		"Data is written to /home/nonroot/.local/share/svc (main.go:7): mount a volume there to keep it:\n  docker run -v svc-data:/home/nonroot/.local/share/svc",
		"Data is written to /var/lib/my app (main.go:8): mount a volume there to keep it:\n  docker run -v 'svc-data:/var/lib/my app'",
	} {
		if !slices.Contains(f.Notes, want) {
			t.Errorf("notes %q, want %q", f.Notes, want)
		}
	}
}

func TestOtherCommandsShortened(t *testing.T) {
	m := main(".", "svc")
	m.Serves, m.Ports, m.Command = true, []int{8080}, []string{"run"}
	m.OtherCommands = []string{"a", "b", "c", "d", "e", "f", "g", "h"}
	pl := decide(t, project(m), Choices{})
	if !hasWarning(pl, "the subcommands a, b, c, d, e, f and 2 more also listen") {
		t.Errorf("warnings %q, want the first six subcommands and how many more", pl.Warnings)
	}
}

func TestLowPortAndHealthWithoutPort(t *testing.T) {
	m := main(".", "svc")
	m.Serves, m.Ports = true, []int{80}
	pl := decide(t, project(m), Choices{})
	if !hasWarning(pl, "below 1024") || !strings.Contains(strings.Join(pl.Finals[0].Notes, " "), "Kubernetes") {
		t.Errorf("port 80: warnings %q notes %q, want the low-port note in both", pl.Warnings, pl.Finals[0].Notes)
	}
	// A mail server's five low ports: one note and one warning, not five.
	m = main(".", "svc")
	m.Serves, m.Ports = true, []int{25, 143, 465, 587, 993, 8080}
	pl = decide(t, project(m), Choices{})
	if n := strings.Count(strings.Join(pl.Warnings, "\n"), "below 1024"); n != 1 || !hasWarning(pl, "Ports 25, 143, 465, 587, 993 are below 1024") || len(pl.Finals[0].Notes) != 1 {
		t.Errorf("five low ports: warnings %q notes %q, want one of each naming the five", pl.Warnings, pl.Finals[0].Notes)
	}
	m = main(".", "svc")
	m.HealthPath = "/healthz"
	pl = decide(t, project(m), Choices{Base: Alpine})
	if pl.Finals[0].Healthcheck != nil || !hasWarning(pl, "health route /healthz found but no port") {
		t.Errorf("health without port: healthcheck %q warnings %q, want none and a warning", pl.Finals[0].Healthcheck, pl.Warnings)
	}
}

func TestPrimaryServes(t *testing.T) {
	cli, daemon := main("cmd/svc", "svc"), main("cmd/svcd", "svcd")
	daemon.Serves, daemon.Ports = true, []int{8080}
	pl := decide(t, project(cli, daemon), Choices{})
	if got := pl.Finals[len(pl.Finals)-1].Binary; got != "svcd" {
		t.Errorf("primary = %s, want svcd (it serves; svc is only named like the module)", got)
	}
	pl = decide(t, project(cli, main("cmd/tool", "tool")), Choices{})
	if got := pl.Finals[len(pl.Finals)-1].Binary; got != "svc" {
		t.Errorf("primary = %s, want svc (none serves: named like the module)", got)
	}
}

// A listen that is off by default is neither EXPOSEd nor health-probed: a
// comment in the stage says its port and what turns it on, and --explain
// gives the reason.
func TestOptionalListenIsNotExposed(t *testing.T) {
	m := main(".", "mail")
	m.Serves, m.Ports, m.HealthPath = true, []int{8025}, "/livez"
	m.Listen = []analyze.Listen{{Address: ":8025", Port: 8025, Pos: "main.go:12"}}
	m.Optional = []analyze.OptionalListen{{
		Listen:    analyze.Listen{Address: ":1110", Port: 1110, Pos: "pop3/pop3.go:14"},
		Condition: `authFile == ""`, ConditionPos: "pop3/pop3.go:10", EarlyReturn: true,
		Why: "authFile is unset by default", EnabledBy: []string{"$POP3_AUTH_FILE", "--pop3-auth-file"},
	}}
	for _, base := range []Base{Distroless, Alpine} {
		pl := decide(t, project(m), Choices{Base: base})
		f := pl.Primary()
		if !slices.Equal(f.Ports, []int{8025}) {
			t.Errorf("%s: ports = %v, want [8025]", base, f.Ports)
		}
		if probe := strings.Join(f.Healthcheck, " ") + f.HealthNote; strings.Contains(probe, "1110") || !strings.Contains(probe, "8025") {
			t.Errorf("%s: health probe %q, want port 8025 only", base, probe)
		}
		want := "Port 1110 is not exposed: the listen at pop3/pop3.go:14 is off by default (pop3/pop3.go:10); set $POP3_AUTH_FILE or --pop3-auth-file to turn it on, and EXPOSE 1110."
		if !slices.Contains(f.Notes, want) {
			t.Errorf("%s: notes %q, want %q", base, f.Notes, want)
		}
		found := false
		for _, r := range pl.Reasons {
			found = found || r.Topic == "mail: optional listen" && strings.Contains(r.Text, `after a return when authFile == "" (pop3/pop3.go:10)`)
		}
		if !found {
			t.Errorf("%s: no optional listen reason in %v", base, pl.Reasons)
		}
	}
}

// The main's probe subcommand is the HEALTHCHECK on every base, in exec
// form with the binary's path, ahead of a health route; --explain says
// where it was found.
func TestHealthCommandOnEveryBase(t *testing.T) {
	m := main(".", "mailpit")
	m.Serves, m.Ports, m.HealthPath, m.HealthCommand = true, []int{1025, 8025}, "/livez", []string{"readyz"}
	m.Evidence = append(m.Evidence, analyze.Evidence{Fact: analyze.FactProbe, Pos: "cmd/readyz.go:20", Detail: `cobra command "readyz" probes the server`})
	for _, base := range []Base{Scratch, Distroless, Alpine} {
		pl := decide(t, project(m), Choices{Base: base})
		f := pl.Primary()
		if want := []string{"/usr/local/bin/mailpit", "readyz"}; !slices.Equal(f.Healthcheck, want) {
			t.Errorf("%s: healthcheck %q, want %q", base, f.Healthcheck, want)
		}
		if f.HealthNote != "" {
			t.Errorf("%s: health note %q, want none", base, f.HealthNote)
		}
		want := fmt.Sprintf(`mailpit: health: HEALTHCHECK ["/usr/local/bin/mailpit" "readyz"]: cmd/readyz.go:20 cobra command "readyz" probes the server; in exec form it needs no shell, so %s has it too`, base)
		if !hasReason(pl, want) {
			t.Errorf("%s: no reason %q in %v", base, want, pl.Reasons)
		}
	}
}

// With several ports and nothing saying which server has the health
// route, no port is guessed: no HEALTHCHECK, and a warning, a comment and a
// reason say why. One port, or a chosen one, is probed.
func TestHealthRouteOnSeveralPortsIsNotGuessed(t *testing.T) {
	m := main(".", "mail")
	m.Serves, m.Ports, m.HealthPath = true, []int{1025, 8025}, "/livez"
	pl := decide(t, project(m), Choices{Base: Alpine})
	f := pl.Primary()
	want := "No HEALTHCHECK: the health route /livez is served on one of ports 1025 8025, and the code does not show which."
	if f.Healthcheck != nil || f.HealthNote != want {
		t.Errorf("healthcheck %q note %q, want none and %q", f.Healthcheck, f.HealthNote, want)
	}
	if !hasWarning(pl, want) || !hasReason(pl, "mail: health: "+want) {
		t.Errorf("warnings %q reasons %v, want %q in both", pl.Warnings, pl.Reasons, want)
	}
	m.HealthPort = 8025 // analyze links the route to the server on 8025
	pl = decide(t, project(m), Choices{Base: Alpine})
	if f := pl.Primary(); !slices.Contains(f.Healthcheck, "http://127.0.0.1:8025/livez") || f.HealthNote != "" {
		t.Errorf("linked: healthcheck %q note %q, want a probe of 8025", f.Healthcheck, f.HealthNote)
	}
	if want := "mail: health: HEALTHCHECK with busybox wget on http://127.0.0.1:8025/livez (port 8025: the code registers the route on that server's handler)"; !hasReason(pl, want) {
		t.Errorf("no reason %q in %v", want, pl.Reasons)
	}
	m.Ports, m.HealthPort = []int{8025}, 0
	if f := decide(t, project(m), Choices{Base: Alpine}).Primary(); !slices.Contains(f.Healthcheck, "http://127.0.0.1:8025/livez") {
		t.Errorf("one port: healthcheck %q, want a probe of 8025", f.Healthcheck)
	}
}

// A database server the binary connects to is a note on its stage, a
// warning, and an environment variable of the docker run hint; one whose
// address no setting gives is a note only; one that is a choice of the
// configuration is a reason only.
func TestDatabaseServer(t *testing.T) {
	m := main(".", "riverui")
	m.Serves, m.Ports = true, []int{8080}
	m.Databases = []analyze.Database{{Kind: "postgres", Pos: "internal/cmd.go:186", Env: []string{"DATABASE_URL"}}}
	pl := decide(t, project(m), Choices{})
	f := pl.Primary()
	want := "Connects to PostgreSQL (internal/cmd.go:186), which the image does not carry: give it the server's address in $DATABASE_URL."
	if !slices.Contains(f.Notes, want) {
		t.Errorf("notes %q, want %q", f.Notes, want)
	}
	if !slices.Contains(pl.Warnings, "riverui: "+want) {
		t.Errorf("warnings %q, want the note", pl.Warnings)
	}
	if !slices.Equal(f.RunEnv, []string{"DATABASE_URL"}) {
		t.Errorf("run env = %q, want [DATABASE_URL]", f.RunEnv)
	}

	m.Databases = []analyze.Database{{Kind: "redis", Pos: "internal/cache.go:82"}}
	pl = decide(t, project(m), Choices{})
	f = pl.Primary()
	want = "Connects to Redis (internal/cache.go:82) when its configuration leads there; the image does not carry one, and dockgen traced no setting of its address."
	if !slices.Equal(f.Notes, []string{want}) || len(f.RunEnv) > 0 || slices.ContainsFunc(pl.Warnings, func(w string) bool { return strings.Contains(w, "Redis") }) {
		t.Errorf("an address from the configuration: notes %q, run env %q, warnings %q, want the note only", f.Notes, f.RunEnv, pl.Warnings)
	}

	m.Databases = []analyze.Database{{Kind: "postgres", Pos: "internal/pq.go:33", Choice: `internal/store.go:171 chooses the "sqlite3" driver`}}
	pl = decide(t, project(m), Choices{})
	f = pl.Primary()
	if len(f.Notes) > 0 || len(f.RunEnv) > 0 || slices.ContainsFunc(pl.Warnings, func(w string) bool { return strings.Contains(w, "PostgreSQL") }) {
		t.Errorf("a choice of the configuration: notes %q, run env %q, warnings %q, want none", f.Notes, f.RunEnv, pl.Warnings)
	}
	if !slices.ContainsFunc(pl.Reasons, func(r Reason) bool {
		return r.Topic == "riverui: database" && strings.Contains(r.Text, "may connect to PostgreSQL (internal/pq.go:33)")
	}) {
		t.Errorf("no database reason in %v", pl.Reasons)
	}
}
