package plan

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/dockgen/dockgen/internal/analyze"
	"github.com/dockgen/dockgen/internal/header"
)

func project(mains ...analyze.Main) *analyze.Project {
	return &analyze.Project{
		Module:   "example.org/svc",
		Go:       "1.26.0",
		HasGoSum: true,
		Requires: []analyze.Require{{Path: "github.com/google/uuid", Version: "v1.6.0"}},
		ModFiles: []string{"go.mod", "go.sum"},
		Modules:  []analyze.Module{{Path: "example.org/svc", Dir: "."}},
		Mains:    mains,
	}
}

func main(dir, binary string) analyze.Main {
	return analyze.Main{Dir: dir, Binary: binary, ImportPath: "example.org/svc/" + dir, LocalDirs: []string{dir}}
}

func decide(t *testing.T, p *analyze.Project, c Choices) *Plan {
	t.Helper()
	pl, err := Decide(p, c)
	if err != nil {
		t.Fatalf("Decide: %v", err)
	}
	return pl
}

func TestCgoStrategy(t *testing.T) {
	m := main(".", "svc")
	m.Cgo, m.CgoPackages = true, []string{"github.com/mattn/go-sqlite3"}
	tests := []struct {
		base       Base
		image      string
		static     bool
		crossBuild bool
	}{
		{Distroless, "gcr.io/distroless/base-debian13:nonroot", false, false},
		{Scratch, "scratch", true, false},
		{Alpine, "alpine:3.22", true, false},
	}
	for _, tt := range tests {
		t.Run(string(tt.base), func(t *testing.T) {
			pl := decide(t, project(m), Choices{Base: tt.base})
			if got := pl.Finals[0].Image.Ref(); got != tt.image {
				t.Errorf("image %s, want %s", got, tt.image)
			}
			if !pl.Cgo || !slices.Contains(pl.Build.Env, "CGO_ENABLED=1") {
				t.Errorf("env %v, want CGO_ENABLED=1", pl.Build.Env)
			}
			static := strings.Contains(pl.Build.Ldflags, "-extldflags=-static")
			if static != tt.static {
				t.Errorf("static link %v, want %v (a %s image has no glibc)", static, tt.static, tt.base)
			}
			if pl.CrossCompile != tt.crossBuild {
				t.Errorf("cross compile %v, want %v", pl.CrossCompile, tt.crossBuild)
			}
			if !strings.Contains(pl.EmulationNote, "under QEMU emulation") {
				t.Errorf("a cgo build stage on the target platform must say how other platforms build; note %q", pl.PlatformNote)
			}
		})
	}
	// Forced off: static, with a warning.
	pl := decide(t, project(m), Choices{Base: Scratch, Cgo: CgoOff})
	if !slices.Contains(pl.Build.Env, "CGO_ENABLED=0") || len(pl.Warnings) == 0 {
		t.Errorf("--cgo off: env %v warnings %v", pl.Build.Env, pl.Warnings)
	}
}

func TestScratchCarriesExactlyTheNeeds(t *testing.T) {
	tests := []struct {
		needs analyze.Needs
		want  []string // substrings of the rootfs commands
		none  []string
	}{
		{analyze.Needs{}, nil, []string{"ca-certificates", "passwd", "1777"}},
		{analyze.Needs{CACerts: true}, []string{"ca-certificates.crt"}, []string{"passwd", "1777"}},
		{analyze.Needs{Tmp: true}, []string{"chmod 1777"}, []string{"ca-certificates", "passwd"}},
		{analyze.Needs{Passwd: true}, []string{"/etc/passwd", "/etc/group", "65532"}, []string{"ca-certificates", "1777"}},
	}
	for _, tt := range tests {
		m := main(".", "svc")
		m.Needs = tt.needs
		pl := decide(t, project(m), Choices{Base: Scratch})
		var cmds string
		for _, r := range pl.Rootfs {
			cmds += strings.Join(r.Commands, "\n")
		}
		for _, w := range tt.want {
			if !strings.Contains(cmds, w) {
				t.Errorf("needs %+v: rootfs lacks %q:\n%s", tt.needs, w, cmds)
			}
		}
		for _, n := range tt.none {
			if strings.Contains(cmds, n) {
				t.Errorf("needs %+v: rootfs has %q it does not need:\n%s", tt.needs, n, cmds)
			}
		}
		if (len(pl.Rootfs) == 0) != (pl.Finals[0].Rootfs == "") {
			t.Errorf("rootfs prepared %d but final copies %q", len(pl.Rootfs), pl.Finals[0].Rootfs)
		}
	}
}

// TestIncomplete: CA certificates are included when dependency sources were
// not read (TLS use inside them cannot be ruled out), and only then — a
// warning about something else does not count.
func TestIncomplete(t *testing.T) {
	tests := []struct {
		name       string
		incomplete []analyze.Missing
		warnings   []string
		ca         bool
	}{
		{name: "complete", ca: false},
		{name: "complete with a warning", warnings: []string{"something else"}, ca: false},
		{name: "a module not on disk", incomplete: []analyze.Missing{{Path: "example.org/dep", Version: "v1.0.0", Reason: "not on disk"}}, ca: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := project(main(".", "svc"))
			p.Incomplete, p.Warnings = tt.incomplete, tt.warnings
			pl := decide(t, p, Choices{Base: Scratch})
			got := strings.Contains(pl.Finals[0].Rootfs, "ca-certs")
			if got != tt.ca {
				t.Errorf("CA certificates in the image: %v, want %v", got, tt.ca)
			}
		})
	}
}

func TestTimeZones(t *testing.T) {
	m := main(".", "svc")
	m.Needs.TZData = true
	for base, want := range map[Base]bool{Distroless: false, Scratch: true, Alpine: true} {
		pl := decide(t, project(m), Choices{Base: base})
		got := slices.ContainsFunc(pl.Build.Flags, func(f string) bool { return strings.Contains(f, "timetzdata") })
		if got != want {
			t.Errorf("%s: timetzdata tag %v, want %v (distroless has zoneinfo)", base, got, want)
		}
	}
}

func TestPrimaryAndStages(t *testing.T) {
	api, worker, gen := main("cmd/api", "api"), main("cmd/worker", "worker"), main("tools/gen", "gen")
	worker.Ports = []int{9090}
	pl := decide(t, project(api, worker, gen), Choices{})
	var stages []string
	for _, f := range pl.Finals {
		stages = append(stages, f.Stage)
	}
	// tools/gen is left out; worker listens on a port, so it is primary and last.
	if !slices.Equal(stages, []string{"api", "worker"}) {
		t.Errorf("stages %v, want [api worker]", stages)
	}
	svc := main(".", "svc")
	pl = decide(t, project(api, svc), Choices{})
	if last := pl.Primary(); last.Binary != "svc" {
		t.Errorf("primary %s, want svc (named like the module)", last.Binary)
	}
	pl = decide(t, project(api, worker), Choices{Primary: "api"})
	if last := pl.Primary(); last.Binary != "api" {
		t.Errorf("primary %s, want api (chosen)", last.Binary)
	}
	_, err := Decide(project(api), Choices{Primary: "worker"})
	if !errors.Is(err, ErrChoice) {
		t.Errorf("unknown primary: %v", err)
	}
	_, err = Decide(project(api), Choices{Mains: []string{"cmd/nope"}})
	if !errors.Is(err, ErrChoice) || !strings.Contains(err.Error(), "cmd/api") {
		t.Errorf("unknown main: %v", err)
	}
	// A binary named like the build stage gets another stage name.
	pl = decide(t, project(main("cmd/build", "build")), Choices{})
	if pl.Finals[0].Stage == "build" {
		t.Error("final stage took the build stage's name")
	}
}

func TestPorts(t *testing.T) {
	m := main(".", "svc")
	m.Ports = []int{8080, 9090}
	if got := decide(t, project(m), Choices{}).Finals[0].Ports; !slices.Equal(got, []int{8080, 9090}) {
		t.Errorf("detected ports %v", got)
	}
	if got := decide(t, project(m), Choices{Port: 3000}).Finals[0].Ports; !slices.Equal(got, []int{3000}) {
		t.Errorf("--port 3000 gives %v", got)
	}
	if got := decide(t, project(m), Choices{Port: -1}).Finals[0].Ports; len(got) != 0 {
		t.Errorf("--port none gives %v", got)
	}
	m.Ports, m.HealthPath = []int{8080}, "/healthz" // one server: with several, TestHealthRouteOnSeveralPortsIsNotGuessed
	pl := decide(t, project(m), Choices{Base: Alpine})
	if hc := pl.Finals[0].Healthcheck; len(hc) == 0 || hc[len(hc)-1] != "http://127.0.0.1:8080/healthz" {
		t.Errorf("alpine healthcheck %v", hc)
	}
	pl = decide(t, project(m), Choices{Base: Distroless})
	if pl.Finals[0].Healthcheck != nil || !strings.Contains(pl.Finals[0].HealthNote, "/healthz") {
		t.Errorf("distroless must not get a shell HEALTHCHECK: %v / %q", pl.Finals[0].Healthcheck, pl.Finals[0].HealthNote)
	}
}

// TestPortsByBinary: each binary takes the port chosen for it by name; the
// unnamed port is the primary's, and a name wins over it.
func TestPortsByBinary(t *testing.T) {
	api, worker, admin := main("cmd/api", "api"), main("cmd/worker", "worker"), main("cmd/admin", "admin")
	api.Ports, worker.Ports, admin.Ports = []int{8080}, []int{9090}, []int{7070}
	p := project(admin, api, worker)
	tests := []struct {
		name   string
		c      Choices
		want   map[string][]int
		reason string // a reason the plan gives
		err    string
	}{
		{name: "detected", want: map[string][]int{"api": {8080}, "worker": {9090}, "admin": {7070}}, reason: "worker: port: EXPOSE 9090: "},
		{name: "the unnamed port is the primary's", c: Choices{Primary: "api", Port: 81}, want: map[string][]int{"api": {81}, "worker": {9090}, "admin": {7070}}, reason: "api: port: EXPOSE 81 (--port 81)"},
		{name: "by name", c: Choices{Primary: "api", Ports: map[string]int{"worker": 9191, "admin": -1}}, want: map[string][]int{"api": {8080}, "worker": {9191}, "admin": nil}, reason: "admin: port: no EXPOSE (--port admin=none)"},
		{name: "a name wins over the unnamed port", c: Choices{Primary: "api", Port: 81, Ports: map[string]int{"api": 82}}, want: map[string][]int{"api": {82}, "worker": {9090}, "admin": {7070}}, reason: "api: port: EXPOSE 82 (--port api=82)"},
		{name: "a binary not selected keeps its name", c: Choices{Mains: []string{"cmd/api"}, Ports: map[string]int{"worker": 9191}}, want: map[string][]int{"api": {8080}}},
		{name: "a name no main builds", c: Choices{Ports: map[string]int{"wroker": 9191}}, err: "invalid choice: --port wroker=9191: no main package builds wroker (binaries: admin, api, worker)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pl, err := Decide(p, tt.c)
			if failed(t, err, tt.err) {
				return
			}
			checkPorts(t, pl, tt.want)
			found := tt.reason == ""
			for _, r := range pl.Reasons {
				found = found || strings.HasPrefix(r.Topic+": "+r.Text, tt.reason)
			}
			if !found {
				t.Errorf("no reason %q in %v", tt.reason, pl.Reasons)
			}
		})
	}
}

// TestChecksumFilesWritable: a stale go.sum or go.work.sum must not fail
// the build (issue 10, fault 3): they are bound read-write, and in a
// workspace so is the source of the build step.
func TestChecksumFilesWritable(t *testing.T) {
	p := project(main(".", "svc"))
	p.Workspace = true
	p.ModFiles = []string{"go.work", "go.work.sum", "svc/go.mod", "svc/go.sum"}
	pl := decide(t, p, Choices{})
	want := []Mount{{Path: "go.work"}, {Path: "go.work.sum", Writable: true}, {Path: "svc/go.mod"}, {Path: "svc/go.sum", Writable: true}}
	if pl.Download == nil || !slices.Equal(pl.Download.Mounts, want) {
		t.Errorf("download mounts %+v, want %+v", pl.Download, want)
	}
	if !pl.Build.WritableSource {
		t.Error("workspace build step binds the source read-only: go.work.sum cannot be completed")
	}
	p.Workspace = false
	p.ModFiles = []string{"go.mod", "go.sum"}
	if pl := decide(t, p, Choices{}); pl.Build.WritableSource {
		t.Error("a module build binds the source read-write with nothing to write")
	}
}

// TestHealthNoteOnce: without a shell the probe is a comment that names the
// route once and fits in 100 columns, for the longest route and port.
func TestHealthNoteOnce(t *testing.T) {
	m := main(".", "svc")
	m.Ports, m.HealthPath = []int{65535}, "/health-check"
	for _, base := range []Base{Distroless, Scratch} {
		pl := decide(t, project(m), Choices{Base: base})
		note := pl.Finals[0].HealthNote
		if line := "# " + note; len(line) >= 100 || strings.Count(line, m.HealthPath) != 1 {
			t.Errorf("%s: health comment %q (%d columns)", base, line, len(line))
		}
		for _, r := range pl.Reasons {
			if strings.Contains(r.Text, "probe") && strings.Count(r.Text, m.HealthPath) != 1 {
				t.Errorf("%s: reason %q names the route more than once", base, r.Text)
			}
		}
	}
}

// TestLabels: no empty OCI label, the source only from a known forge.
func TestLabels(t *testing.T) {
	p := project(main(".", "svc"))
	if got := decide(t, p, Choices{}).Finals[0].Labels; slices.ContainsFunc(got, func(l Label) bool { return l.Key == "org.opencontainers.image.source" }) {
		t.Errorf("example.org module: labels %v carry an empty source", got)
	}
	p.Module = "github.com/acme/svc"
	f := decide(t, p, Choices{}).Finals[0]
	if f.SourceURL != "https://github.com/acme/svc" || f.Labels[0] != (Label{"org.opencontainers.image.source", "${SOURCE_URL}"}) {
		t.Errorf("github module: source %q, labels %v", f.SourceURL, f.Labels)
	}
}

func TestModules(t *testing.T) {
	p := project(main(".", "svc"))
	if pl := decide(t, p, Choices{}); pl.Download == nil || !slices.Equal(pl.Download.Mounts, []Mount{{Path: "go.mod"}, {Path: "go.sum", Writable: true}}) {
		t.Errorf("download %+v", pl.Download)
	}
	p.Vendor = true
	if pl := decide(t, p, Choices{}); pl.Download != nil || !slices.Contains(pl.Build.Flags, "-mod=vendor") {
		t.Errorf("vendored: download %+v flags %v", pl.Download, pl.Build.Flags)
	}
	p = project(main(".", "svc"))
	p.Requires = nil
	if pl := decide(t, p, Choices{}); pl.Download != nil {
		t.Error("no requirements, yet a download step")
	}
	p = project(main(".", "svc"))
	p.Private = []string{"git.corp.example/lib"}
	pl := decide(t, p, Choices{})
	if !pl.Download.Netrc || pl.Private != "git.corp.example/lib" {
		t.Errorf("private modules: netrc %v GOPRIVATE %q", pl.Download.Netrc, pl.Private)
	}
	p = project(main(".", "svc"))
	p.Replaces = []analyze.Replace{{Old: "example.org/lib", Dir: "../lib", Outside: true, Pos: "go.mod:9"}}
	if _, err := Decide(p, Choices{}); err == nil || !strings.HasPrefix(err.Error(), "go.mod:9: replace example.org/lib => ../lib points outside") {
		t.Errorf("outside replace: %v", err)
	}
}

func TestVersionStamping(t *testing.T) {
	m := main(".", "svc")
	m.VersionVars = []string{"main.version", "main.gitCommit", "example.org/svc/internal/version.BuildDate"}
	pl := decide(t, project(m), Choices{})
	var args []string
	for _, a := range pl.Build.Args {
		args = append(args, a.Name)
	}
	if !slices.Equal(args, []string{"VERSION", "COMMIT", "BUILD_DATE"}) {
		t.Errorf("build args %v", pl.Build.Args)
	}
	for _, want := range []string{"${VERSION:+ -X main.version=$VERSION}", "${COMMIT:+ -X main.gitCommit=$COMMIT}", "${BUILD_DATE:+ -X example.org/svc/internal/version.BuildDate=$BUILD_DATE}"} {
		if !strings.Contains(pl.Build.Ldflags, want) {
			t.Errorf("ldflags %q lack %q", pl.Build.Ldflags, want)
		}
	}
}

func TestDockerignoreKeepsWhatTheBuildNeeds(t *testing.T) {
	m := main("bin/tool", "tool") // a package under bin/, which is ignored by default
	m.LocalDirs = []string{"bin/tool"}
	m.LocalFiles = []string{"bin/tool/main.go", "bin/tool/coverage.go", "bin/tool/testdata_gen.go"}
	m.EmbedFiles = []string{"bin/tool/README.md", "bin/tool/dev.pem"}
	m.RuntimeFiles = []analyze.RuntimeFile{{Path: "docs", Source: "docs", Dir: true}}
	pl := decide(t, project(m), Choices{Context: ContextDeny})
	pats := pl.Ignore.Patterns()
	if slices.Contains(pats, "bin") {
		t.Error("bin is ignored although a package lives there")
	}
	if slices.Contains(pats, "**/coverage.*") {
		t.Error("**/coverage.* is kept although it hides coverage.go, which the build compiles")
	}
	for _, want := range []string{"!bin/tool/README.md", "!bin/tool/dev.pem", "!docs"} {
		if !slices.Contains(pats, want) {
			t.Errorf("patterns lack %s: %v", want, pats)
		}
	}
	if !slices.ContainsFunc(pl.Warnings, func(w string) bool { return strings.Contains(w, "dev.pem") }) {
		t.Error("an embedded secret-looking file must be warned about")
	}
	// The run-time exception comes before the secret patterns.
	if slices.Index(pats, "!docs") > slices.Index(pats, "**/.env") {
		t.Error("run-time exceptions must precede the secret patterns")
	}
}

func TestSettingsRoundTrip(t *testing.T) {
	for _, c := range []Choices{
		{},
		{Base: Scratch, Mains: []string{"cmd/a", "cmd/b"}, Primary: "b", Port: 8080, Cgo: CgoOff, Include: []string{"ca-certs", "tzdata"}},
		{Base: Alpine, Port: -1},
		{Port: 8080, Ports: map[string]int{"worker": 9090, "admin": -1, "api": 81}},
	} {
		df := []byte("# syntax=docker/dockerfile:1\n" + header.SettingsPrefix + " " + c.String() + "\nFROM x\n")
		got, ok, err := ParseSettings("Dockerfile", df)
		if err != nil || !ok || got.String() != c.String() {
			t.Errorf("round trip of %q: %q %v %v", c, got, ok, err)
		}
	}
	_, _, err := ParseSettings("Dockerfile", []byte("# x\n"+header.SettingsPrefix+" base=ubuntu\n"))
	if err == nil || !strings.HasPrefix(err.Error(), "Dockerfile:2: dockgen-settings: unknown base") {
		t.Errorf("bad settings: %v", err)
	}
	c, _, err := ParseSettings("Dockerfile", []byte(header.SettingsPrefix+" ports=worker:9090,admin:none\n"))
	if want := "base=distroless mains=auto primary=auto port=auto ports=admin:none,worker:9090 cgo=auto include=none context=allow"; err != nil || c.String() != want {
		t.Errorf("ports: %q (%v), want %q", c.String(), err, want)
	}
	for line, want := range map[string]string{
		"ports=worker":            `Dockerfile:1: dockgen-settings: ports=worker: "worker" is not BINARY:PORT`,
		"ports=worker:1,worker:2": "Dockerfile:1: dockgen-settings: ports=worker:1,worker:2: worker given twice",
		"ports=worker:0":          `Dockerfile:1: dockgen-settings: ports=worker:0: worker: invalid port "0" (want 1-65535, none or auto)`,
		"ports=:80":               `Dockerfile:1: dockgen-settings: ports=:80: ":80" is not BINARY:PORT`,
		"ports=worker:1,api:":     "Dockerfile:1: dockgen-settings: ports=worker:1,api:: api: an empty port",
	} {
		_, _, err := ParseSettings("Dockerfile", []byte(header.SettingsPrefix+" "+line+"\n"))
		if err == nil || err.Error() != want {
			t.Errorf("%s: %v, want %q", line, err, want)
		}
	}
}

// TestSameBinaryName: two mains that go build names alike must not
// overwrite each other in the build stage.
func TestSameBinaryName(t *testing.T) {
	a, b := main("pass/cmd", "cmd"), main("secretservice/cmd", "cmd")
	pl := decide(t, project(a, b), Choices{})
	if len(pl.Build.Invocations) != 2 {
		t.Fatalf("invocations %+v, want two", pl.Build.Invocations)
	}
	if pl.Finals[0].Built == pl.Finals[1].Built {
		t.Errorf("both stages copy %s", pl.Finals[0].Built)
	}
	if pl.Finals[0].Stage == pl.Finals[1].Stage {
		t.Errorf("both stages are named %s", pl.Finals[0].Stage)
	}
}

func TestCgoLibraries(t *testing.T) {
	m := main(".", "svc")
	m.Cgo, m.CgoPackages, m.CgoCXX = true, []string{"github.com/linxGnu/grocksdb"}, true
	m.CgoLibs = []string{"librocksdb"}
	pl := decide(t, project(m), Choices{})
	if got := pl.Finals[0].Image.Ref(); got != "gcr.io/distroless/cc-debian13:nonroot" {
		t.Errorf("C++ cgo on distroless: %s, want distroless cc", got)
	}
	if !slices.ContainsFunc(pl.Warnings, func(w string) bool { return strings.Contains(w, "librocksdb") }) {
		t.Errorf("external C libraries must be warned about: %v", pl.Warnings)
	}
}

// TestGenerateStep: missing go:generate output runs in the build step when
// the generator is runnable from the module, and is a warning naming the
// command otherwise (issue 10, fault 5).
func TestGenerateStep(t *testing.T) {
	m := main(".", "svc")
	m.Generate = []analyze.Generate{{Dir: "internal/views", Command: "go run ./gen", Pos: "internal/views/views.go:3", Undefined: []string{"Page"}, Runnable: true}}
	pl := decide(t, project(m), Choices{})
	if !slices.Equal(pl.Build.Generate, []string{"go generate ./internal/views"}) || !pl.Build.WritableSource {
		t.Errorf("runnable generator: generate %q, writable source %v", pl.Build.Generate, pl.Build.WritableSource)
	}
	m.Generate[0].Runnable, m.Generate[0].Command = false, "templ generate"
	pl = decide(t, project(m), Choices{})
	if len(pl.Build.Generate) != 0 || pl.Build.WritableSource {
		t.Errorf("generator not runnable, yet generate %q, writable %v", pl.Build.Generate, pl.Build.WritableSource)
	}
	if len(pl.Warnings) != 1 || !strings.Contains(pl.Warnings[0], "`templ generate`") || len(pl.Build.Notes) != 1 {
		t.Errorf("generator not runnable: warnings %q, notes %q; want one naming the command", pl.Warnings, pl.Build.Notes)
	}
}

// TestCgoAssumedOrUnchecked: with dependency sources missing, cgo is never
// off silently (issue 10, fault 1).
func TestCgoAssumedOrUnchecked(t *testing.T) {
	m := main(".", "svc")
	m.Cgo, m.CgoAssumed = true, true
	pl := decide(t, project(m), Choices{})
	if !slices.Contains(pl.Build.Env, "CGO_ENABLED=1") || len(pl.Warnings) == 0 || len(pl.Build.Notes) == 0 {
		t.Errorf("cgo assumed: env %q, warnings %q, notes %q", pl.Build.Env, pl.Warnings, pl.Build.Notes)
	}
	m.Cgo, m.CgoAssumed, m.CgoUnchecked = false, false, true
	pl = decide(t, project(m), Choices{})
	if !slices.Contains(pl.Build.Env, "CGO_ENABLED=0") || len(pl.Warnings) == 0 || !strings.Contains(strings.Join(pl.Build.Notes, " "), "not checked") {
		t.Errorf("cgo unchecked: env %q, warnings %q, notes %q", pl.Build.Env, pl.Warnings, pl.Build.Notes)
	}
}

// TestDefaultMainsLeaveOutCLibraryHelpers: a helper that links a C library
// the build stage lacks (maddy's PAM helper) is left out by default, so the
// service next to it builds; chosen with --main it is built.
func TestDefaultMainsLeaveOutCLibraryHelpers(t *testing.T) {
	svc, helper := main("cmd/maddy", "maddy"), main("cmd/maddy-pam-helper", "maddy-pam-helper")
	helper.Cgo, helper.CgoLibs = true, []string{"libpam"}
	selected, left := DefaultMains([]analyze.Main{svc, helper})
	if len(selected) != 1 || selected[0].Dir != "cmd/maddy" || len(left) != 1 || !strings.Contains(whyNotService(left[0]), "libpam") {
		t.Errorf("selected %v, left %v", selected, left)
	}
	if selected, _ := DefaultMains([]analyze.Main{helper}); len(selected) != 1 {
		t.Errorf("the only main must be built: %v", selected)
	}
}

// A file read at run time by an absolute path is copied to that path, and
// the working directory stays the image's; a relative one goes under /app.
func TestRuntimeFileAtAbsolutePath(t *testing.T) {
	m := main(".", "svc")
	m.RuntimeFiles = []analyze.RuntimeFile{{Path: "/etc/svc/svc.conf", Source: "svc.conf"}}
	pl := decide(t, project(m), Choices{})
	f := pl.Finals[0]
	if want := []Copy{{Src: "svc.conf", Dst: "/etc/svc/svc.conf"}}; !slices.Equal(f.Files, want) || f.Workdir != "" {
		t.Errorf("files %v, workdir %q; want %v and none", f.Files, f.Workdir, want)
	}
	m.RuntimeFiles = append(m.RuntimeFiles, analyze.RuntimeFile{Path: "static", Source: "static", Dir: true})
	f = decide(t, project(m), Choices{}).Finals[0]
	if want := []Copy{{Src: "svc.conf", Dst: "/etc/svc/svc.conf"}, {Src: "static", Dst: "/app/static"}}; !slices.Equal(f.Files, want) || f.Workdir != "/app" {
		t.Errorf("files %v, workdir %q; want %v and /app", f.Files, f.Workdir, want)
	}
}
