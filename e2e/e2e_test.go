// Package e2e builds every example with every base image for real, runs the
// images and checks what the generated Dockerfiles promise: the build works
// from a context holding .git and secrets without sending them, the
// container starts and answers its health route as uid 65532, the binary is
// static when cgo is off, a code change re-uses the module download step,
// and the images stay small.
//
// The suite runs only when asked with DOCKGEN_E2E=1 (it takes minutes), and
// then needs a Docker daemon: a missing one is a failure (CI sets it, after
// .ci/docker-setup started dockerd). Without DOCKGEN_E2E=1 it skips. No registry is reachable, so the base
// images are stand-ins made from this machine's files (see
// e2e/harness/standins.go and harness.Limits), and `go mod download` inside
// the builds reaches a loopback stand-in for proxy.golang.org.
//
//	DOCKGEN_E2E=1 go test ./e2e/ -v -timeout 60m
package e2e

import (
	"context"
	"debug/elf"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dockgen/dockgen/e2e/harness"
	"github.com/dockgen/dockgen/internal/exampletest"
)

// The build arguments every image is built with: the stamped values must
// reach the binary.
var (
	stampVersion = harness.Stamp.Version
	stampCommit  = harness.Stamp.Commit
	buildArgs    = harness.StampArgs()
)

var (
	envOnce sync.Once
	env     *harness.Env
	envErr  error
	envSkip string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if env != nil {
		env.Close()
	}
	os.Exit(code)
}

// setup returns the run's environment. Without DOCKGEN_E2E=1 it skips; with
// it, a Docker daemon that does not answer is a failure.
func setup(t *testing.T) *harness.Env {
	t.Helper()
	if !exampletest.E2E() {
		t.Skip("end-to-end suite not asked for: DOCKGEN_E2E=1 go test ./e2e/ -timeout 60m runs it (with a Docker daemon)")
	}
	envOnce.Do(func() {
		ctx := context.Background()
		docker, err := harness.FindDocker()
		if err == nil {
			var version string
			version, err = docker.Ping(ctx)
			if err == nil {
				t.Logf("docker: %s (%s)", version, docker.Bin)
			}
		}
		if err != nil {
			envSkip = fmt.Sprintf("no Docker daemon answers: %v", err)
			return
		}
		env, envErr = harness.NewEnv(ctx, docker, t.Logf)
	})
	if envSkip != "" {
		t.Fatalf("%s\nDOCKGEN_E2E=1 requires the end-to-end suite: start dockerd (.ci/docker-setup does)", envSkip)
	}
	if envErr != nil {
		t.Fatalf("setting up the end-to-end run: %v", envErr)
	}
	// Log into the test that uses the environment now (tests run one by one).
	env.Logf, env.Standins.Logf = t.Logf, t.Logf
	return env
}

// ports serialises containers by host port: they run on the host network.
var ports sync.Map // int -> *sync.Mutex

func lockPorts(ps []int) func() {
	sorted := slices.Clone(ps)
	slices.Sort(sorted)
	var locked []*sync.Mutex
	for _, p := range slices.Compact(sorted) {
		mu, _ := ports.LoadOrStore(p, new(sync.Mutex))
		mu.(*sync.Mutex).Lock()
		locked = append(locked, mu.(*sync.Mutex))
	}
	return func() {
		for _, mu := range locked {
			mu.Unlock()
		}
	}
}

// parallel bounds how many example × base builds run at once: the machine
// has two cores, and BuildKit runs one build's steps in parallel already.
func parallel() int {
	if n, err := strconv.Atoi(os.Getenv("DOCKGEN_E2E_PARALLEL")); err == nil && n > 0 {
		return n
	}
	return 2
}

// TestExamples builds and runs every example × base × binary.
func TestExamples(t *testing.T) {
	e := setup(t)
	start := time.Now()
	t.Logf("offline builds: the generated `# syntax=docker/dockerfile:1` line is dropped before building (the frontend image cannot be pulled; the daemon's built-in Dockerfile frontend builds the file)")
	t.Logf("module downloads inside the builds go to %s, a loopback stand-in for proxy.golang.org serving %s", e.Proxy.URL, e.Proxy.Dir)
	for _, l := range harness.Limits {
		t.Logf("stand-in limit: %s", l)
	}

	var (
		mu   sync.Mutex
		rows []harness.SizeRow
	)
	record := func(r harness.SizeRow) {
		mu.Lock()
		defer mu.Unlock()
		rows = append(rows, r)
	}
	sem := make(chan struct{}, parallel())
	t.Run("group", func(t *testing.T) {
		for _, ex := range e.Examples {
			t.Run(ex.Name, func(t *testing.T) {
				t.Parallel()
				for _, base := range harness.Bases {
					t.Run(base, func(t *testing.T) {
						sem <- struct{}{}
						defer func() { <-sem }()
						testExampleBase(t, e, ex, base, record)
					})
				}
			})
		}
	})
	harness.SortRows(rows)
	t.Logf("image sizes (stand-in bases; `go run ./scripts/sizes` prints the same table):\n%s", harness.SizeTable(rows))
	t.Logf("module proxy requests served: %d; suite time %s", e.Proxy.Requests(), time.Since(start).Round(time.Second))
}

// testExampleBase checks one example built for one base image.
func testExampleBase(t *testing.T, e *harness.Env, ex *harness.Example, base string, record func(harness.SizeRow)) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	p, err := e.Prepare(ctx, ex, base, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if p.DroppedSyntax != "" {
		t.Logf("offline build: dropped %q from the generated Dockerfile", p.DroppedSyntax)
	}
	if err := e.Standins.Ensure(ctx, p.Images); err != nil {
		t.Fatal(err)
	}

	t.Run("context", func(t *testing.T) { testContext(t, ctx, e, p) })
	for _, target := range p.Targets {
		t.Run(target, func(t *testing.T) { testTarget(t, ctx, e, p, target, record) })
	}
	t.Run("cache", func(t *testing.T) { testCache(t, ctx, e, p) })
}

// testContext proves from Docker's side that the build context holds no .git
// and no secret-looking file — not even those with names no list knows —
// does hold the sources, and holds nothing else than what the build reads
// and the image copies.
func testContext(t *testing.T, ctx context.Context, e *harness.Env, p *harness.Project) {
	entries, problems, err := e.ContextProblems(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	for _, pr := range problems {
		t.Error(pr)
	}
	var paths []string
	for _, en := range entries {
		paths = append(paths, en.Path)
	}
	files, bytes := harness.ContextSize(entries)
	t.Logf("context size: %d files, %d bytes", files, bytes)
	got := map[string]bool{}
	for _, q := range paths {
		got[q] = true
	}
	var missing []string
	filepath.WalkDir(p.Dir, func(q string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(p.Dir, q)
		rel = filepath.ToSlash(rel)
		if (strings.HasSuffix(rel, ".go") && !strings.HasSuffix(rel, "_test.go")) || rel == "go.mod" || rel == "go.sum" {
			if !got[rel] {
				missing = append(missing, rel)
			}
		}
		return nil
	})
	if len(missing) > 0 {
		t.Errorf("the build context lacks files go build reads: %s", strings.Join(missing, ", "))
	}
	t.Logf("context that reached the daemon (%d entries): %s", len(paths), strings.Join(paths, " "))
}

// testTarget builds one final stage, inspects its binary and image, and
// runs it.
func testTarget(t *testing.T, ctx context.Context, e *harness.Env, p *harness.Project, target string, record func(harness.SizeRow)) {
	out, err := e.BuildTarget(ctx, p, target, buildArgs...)
	if err != nil {
		t.Fatalf("%v\n%s\nthe Dockerfile as built:\n%s", err, harness.Tail(out, 60), numbered(p.Text))
	}
	m, isMain := p.Example.Main(target)
	if !isMain {
		t.Logf("stage %s matches no main package of dockgen analyze: checking only that it builds and starts", target)
	}
	row, bin, err := e.Measure(ctx, p, target)
	if err != nil {
		t.Fatal(err)
	}
	record(row)
	for _, problem := range row.Problems() {
		t.Error(problem)
	}
	t.Logf("sizes: image %d B, binary %d B, image − binary %d B, base %s %d B, added %d B",
		row.Image, row.BinSize, row.Overhead(), row.BaseRef, row.BaseImage, row.Added())

	checkBinary(t, ctx, e, p, target, m, isMain, row.BaseRef, bin)

	ref := harness.ImageTag(p.Example, target, p.Base)
	img, _, err := e.Docker.InspectImage(ctx, ref)
	if err != nil {
		t.Fatal(err)
	}
	if u := img.Config.User; u != "65532:65532" && u != "65532" {
		t.Errorf("image user is %q, want 65532:65532", u)
	}
	runAndProbe(t, ctx, e, p, target, m, ref, img)
}

// checkBinary reads the shipped binary: build settings (go version -m),
// linking (ELF program headers) and stamped version strings.
func checkBinary(t *testing.T, ctx context.Context, e *harness.Env, p *harness.Project, target string, m harness.Main, isMain bool, baseRef, bin string) {
	if m, err := elfMachine(bin); err != nil || m != elfMachines[runtime.GOARCH] {
		t.Errorf("%s: ELF machine %v (%v), want %v for %s", target, m, err, elfMachines[runtime.GOARCH], runtime.GOARCH)
	}
	vm, err := e.GoVersionM(ctx, bin)
	if err != nil {
		t.Fatalf("go version -m %s: %v", target, err)
	}
	settings := buildSettings(vm)
	wantCgo := "0"
	if isMain && m.Cgo {
		wantCgo = "1"
	}
	if got := settings["CGO_ENABLED"]; got != wantCgo {
		t.Errorf("go version -m: CGO_ENABLED=%s, want %s (analyze: cgo=%v)\n%s", got, wantCgo, m.Cgo, vm)
	}
	if settings["-trimpath"] != "true" {
		t.Errorf("go version -m: built without -trimpath\n%s", vm)
	}
	link := checkLinking(t, bin, wantCgo, baseRef)
	t.Logf("binary: CGO_ENABLED=%s, -trimpath, no symbol table or DWARF, %s", settings["CGO_ENABLED"], link)
	checkStamps(t, bin, m)
}

// buildSettings returns the build lines of go version -m: key to value.
func buildSettings(vm string) map[string]string {
	settings := map[string]string{}
	for _, line := range strings.Split(vm, "\n") {
		fields := strings.SplitN(strings.TrimSpace(line), "\t", 2)
		if len(fields) == 2 && fields[0] == "build" {
			k, v, _ := strings.Cut(fields[1], "=")
			settings[k] = v
		}
	}
	return settings
}

// checkLinking checks that the binary is stripped, static without cgo, and
// dynamic only on a base with a C library; it returns how it is linked.
func checkLinking(t *testing.T, bin, wantCgo, baseRef string) string {
	interp, needed, stripped, err := linking(bin)
	if err != nil {
		t.Fatal(err)
	}
	// With -trimpath, go version -m does not record -ldflags: read -s -w
	// from the binary instead.
	if stripped != "" {
		t.Errorf("the binary is not built with -ldflags=\"-s -w\": it has %s", stripped)
	}
	static := interp == "" && len(needed) == 0
	glibcBase := strings.Contains(baseRef, "distroless/base-") || strings.Contains(baseRef, "distroless/cc-")
	switch {
	case wantCgo == "0" && !static:
		t.Errorf("cgo is off but the binary is dynamically linked (interpreter %q, needs %v)", interp, needed)
	case !static && !glibcBase:
		t.Errorf("the binary is dynamically linked (interpreter %q, needs %v) but %s has no C library", interp, needed, baseRef)
	}
	if static {
		return "static"
	}
	return fmt.Sprintf("dynamic (%s; %s)", interp, strings.Join(needed, ", "))
}

// checkStamps checks that the version variables of the main hold the
// values the build arguments stamped.
func checkStamps(t *testing.T, bin string, m harness.Main) {
	data, err := os.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	stamps := map[string]string{"main.version": stampVersion, "main.commit": stampCommit}
	for _, v := range m.VersionVars {
		want, ok := stamps[v]
		if !ok {
			continue
		}
		if !strings.Contains(string(data), want) {
			t.Errorf("%s was not stamped: the binary does not hold %q (built with --build-arg %s)", v, want, strings.Join(buildArgs, " --build-arg "))
		}
	}
}

// linking returns the ELF interpreter and needed libraries of a binary, and
// the symbol or debug sections it still has (none after -ldflags="-s -w").
func linking(bin string) (interp string, needed []string, unstripped string, err error) {
	f, err := elf.Open(bin)
	if err != nil {
		return "", nil, "", err
	}
	defer f.Close()
	for _, prog := range f.Progs {
		if prog.Type == elf.PT_INTERP {
			data, err := io.ReadAll(prog.Open())
			if err != nil {
				return "", nil, "", err
			}
			interp = strings.TrimRight(string(data), "\x00")
		}
	}
	var extra []string
	for _, sec := range f.Sections {
		if sec.Name == ".symtab" || strings.HasPrefix(sec.Name, ".debug_") || strings.HasPrefix(sec.Name, ".zdebug_") {
			extra = append(extra, sec.Name)
		}
	}
	needed, err = f.ImportedLibraries()
	return interp, needed, strings.Join(extra, ", "), err
}

// runAndProbe runs the image on the host network, waits for its health
// route, checks the process's user from the host, runs the image's
// HEALTHCHECK command and the example's own behaviour checks.
func runAndProbe(t *testing.T, ctx context.Context, e *harness.Env, p *harness.Project, target string, m harness.Main, ref string, img harness.ImageConfig) {
	unlock := lockPorts(m.Ports)
	defer unlock()
	for _, port := range m.Ports {
		if c, err := net.DialTimeout("tcp", "127.0.0.1:"+strconv.Itoa(port), 300*time.Millisecond); err == nil {
			c.Close()
			t.Fatalf("port %d is already in use on this machine: cannot tell the container's answers apart", port)
		}
	}
	id, stop := startContainer(t, ctx, e, ref)
	defer stop()
	if !waitReady(t, ctx, e, id, m) {
		return
	}
	checkProcessUser(t, ctx, e, id)
	checkHealthcheck(t, ctx, e, id, img)
	if check, ok := behaviours[p.Example.Name+"/"+target]; ok {
		check(t, ctx, e, ref)
	}
}

// startContainer runs ref detached on the host network; stop removes the
// container, after printing its logs when the test failed.
func startContainer(t *testing.T, ctx context.Context, e *harness.Env, ref string) (id string, stop func()) {
	name := strings.NewReplacer("/", "-", ":", "-").Replace(ref)
	e.Docker.Run(ctx, "rm", "-f", name)
	id, err := e.Docker.Run(ctx, "run", "-d", "--network", "host", "--name", name, ref)
	if err != nil {
		t.Fatalf("docker run: %v", err)
	}
	return id, func() {
		if t.Failed() {
			logs := e.Docker.Logs(context.WithoutCancel(ctx), id)
			t.Logf("container logs:\n%s", logs)
		}
		e.Docker.Run(context.WithoutCancel(ctx), "rm", "-f", id)
	}
}

// waitReady waits until the container answers on its health route, or,
// without a port, gives it two seconds to start; it reports whether the
// container still runs.
func waitReady(t *testing.T, ctx context.Context, e *harness.Env, id string, m harness.Main) bool {
	if len(m.Ports) > 0 {
		path := m.HealthPath
		if path == "" {
			path = "/"
		}
		url := fmt.Sprintf("http://127.0.0.1:%d%s", m.Ports[0], path)
		body, err := waitHTTP(ctx, e, id, url, 30*time.Second)
		if err != nil {
			t.Fatalf("health route: %v", err)
		}
		t.Logf("GET %s: 200 %q", url, strings.TrimSpace(body))
		return true
	}
	time.Sleep(2 * time.Second)
	st, err := e.Docker.InspectContainer(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if !st.Running && st.ExitCode != 0 {
		t.Fatalf("the container exited with status %d", st.ExitCode)
	}
	t.Logf("no port: the container started (running=%v, exit %d)", st.Running, st.ExitCode)
	return st.Running
}

// checkProcessUser checks from the host that the container's process runs
// as 65532:65532.
func checkProcessUser(t *testing.T, ctx context.Context, e *harness.Env, id string) {
	st, err := e.Docker.InspectContainer(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	uid, gid, err := procIDs(st.Pid)
	if err != nil {
		// No /proc view of the daemon's processes: ask the daemon.
		top, terr := e.Docker.Run(ctx, "top", id, "-o", "uid,gid")
		if terr != nil {
			t.Fatalf("reading the process's user: %v; docker top: %v", err, terr)
		}
		fields := strings.Fields(top)
		if len(fields) < 4 {
			t.Fatalf("docker top: %q", top)
		}
		uid, gid = fields[2], fields[3]
	}
	if uid != "65532" || gid != "65532" {
		t.Errorf("the process runs as uid %s gid %s, want 65532", uid, gid)
	} else {
		t.Logf("process %d runs as uid %s gid %s (real, effective, saved, fs)", st.Pid, uid, gid)
	}
}

// checkHealthcheck runs the image's HEALTHCHECK command in the container.
func checkHealthcheck(t *testing.T, ctx context.Context, e *harness.Env, id string, img harness.ImageConfig) {
	hc := img.Config.Healthcheck
	if hc == nil || len(hc.Test) < 2 || hc.Test[0] != "CMD" && hc.Test[0] != "CMD-SHELL" {
		return
	}
	args := append([]string{"exec", id}, hc.Test[1:]...)
	if hc.Test[0] == "CMD-SHELL" {
		args = []string{"exec", id, "/bin/sh", "-c", hc.Test[1]}
	}
	if out, err := e.Docker.Run(ctx, args...); err != nil {
		t.Errorf("the image's HEALTHCHECK command fails: %v\n%s", err, out)
	} else {
		t.Logf("HEALTHCHECK %v: ok", hc.Test)
	}
}

// waitHTTP polls url until it answers 200, the container stops, or the time
// is up.
func waitHTTP(ctx context.Context, e *harness.Env, id, url string, limit time.Duration) (string, error) {
	client := &http.Client{Timeout: 2 * time.Second}
	deadline := time.Now().Add(limit)
	var last error
	for time.Now().Before(deadline) {
		resp, err := client.Get(url)
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return string(body), nil
			}
			last = fmt.Errorf("GET %s: %s %q", url, resp.Status, body)
		} else {
			last = err
		}
		st, err := e.Docker.InspectContainer(ctx, id)
		if err == nil && !st.Running {
			return "", fmt.Errorf("the container stopped (exit %d) before %s answered: %v", st.ExitCode, url, last)
		}
		time.Sleep(250 * time.Millisecond)
	}
	return "", fmt.Errorf("no answer from %s within %s: %v", url, limit, last)
}

// procIDs reads the real, effective, saved and file-system user and group
// of a process from /proc: they must all agree.
func procIDs(pid int) (uid, gid string, err error) {
	if pid <= 0 {
		return "", "", fmt.Errorf("no process id")
	}
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return "", "", err
	}
	for _, line := range strings.Split(string(data), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok || (k != "Uid" && k != "Gid") {
			continue
		}
		ids := strings.Fields(v)
		id := ids[0]
		for _, other := range ids[1:] {
			if other != id {
				id = strings.Join(ids, "/")
			}
		}
		if k == "Uid" {
			uid = id
		} else {
			gid = id
		}
	}
	if uid == "" || gid == "" {
		return "", "", fmt.Errorf("/proc/%d/status has no Uid/Gid", pid)
	}
	return uid, gid, nil
}

// testCache changes one .go line and rebuilds the primary target: the
// module download step must come from the cache, the build step must not.
func testCache(t *testing.T, ctx context.Context, e *harness.Env, p *harness.Project) {
	if !p.ModDownload {
		t.Skipf("the Dockerfile has no go mod download step (%s has no module requirements): nothing to re-use", p.Example.Name)
	}
	primary := p.Targets[len(p.Targets)-1]
	m, ok := p.Example.Main(primary)
	if !ok {
		t.Skipf("primary stage %s matches no main package", primary)
	}
	file, err := p.ChangeOneLine(m.Dir)
	if err != nil {
		t.Fatal(err)
	}
	out, err := e.BuildTarget(ctx, p, primary, buildArgs...)
	if err != nil {
		t.Fatalf("rebuild after changing %s: %v\n%s", file, err, harness.Tail(out, 40))
	}
	steps := harness.ParseProgress(out)
	dl, ok := harness.FindStep(steps, "go mod download")
	if !ok {
		t.Fatalf("no go mod download step in the build output:\n%s", harness.Tail(out, 60))
	}
	build, ok := harness.FindStep(steps, "go build")
	if !ok {
		t.Fatalf("no go build step in the build output:\n%s", harness.Tail(out, 60))
	}
	rel, _ := filepath.Rel(p.Dir, file)
	if !dl.Cached {
		t.Errorf("after changing one line of %s the module download step ran again: %s\n%s", rel, dl.Name, harness.Tail(out, 60))
	}
	if build.Cached {
		t.Errorf("after changing one line of %s the build step came from the cache: the change did not reach go build", rel)
	}
	if !t.Failed() {
		t.Logf("after changing one line of %s: %s %s CACHED; the go build step (%s) ran", rel, dl.ID, short(dl.Name), build.ID)
	}
}

func short(s string) string {
	if len(s) > 60 {
		return s[:30] + " … " + s[len(s)-25:]
	}
	return s
}

func numbered(text string) string {
	var b strings.Builder
	for i, l := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		fmt.Fprintf(&b, "%3d  %s\n", i+1, l)
	}
	return b.String()
}
