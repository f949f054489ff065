package harness

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
)

// Env is one end-to-end run: a dockgen built from this tree, the loopback
// module proxy, the stand-in images and a scratch directory. Only one run
// uses the daemon at a time on this machine (see Lock).
type Env struct {
	Docker   *Docker
	Root     string // the repository
	GoBin    string // the go command
	GOROOT   string
	Dockgen  string // dockgen built from Root for this run
	Work     string // scratch directory, removed by Close
	Proxy    *ModuleProxy
	Standins *Standins
	Examples []*Example
	Logf     func(format string, args ...any)

	unlock func()
}

// Example is one module under examples/ with what dockgen analyze found.
type Example struct {
	Name  string // the directory's name
	Dir   string
	Facts Facts
}

// Facts is the part of `dockgen analyze --json` the suite reads.
type Facts struct {
	Module    string `json:"module"`
	Go        string `json:"go"`
	Toolchain string `json:"toolchain"`
	Vendor    bool   `json:"vendor"`
	Mains     []Main `json:"mains"`
}

// Main is one main package of an example.
type Main struct {
	ImportPath  string          `json:"import_path"`
	Dir         string          `json:"dir"`
	Binary      string          `json:"binary"`
	Cgo         bool            `json:"cgo"`
	Ports       []int           `json:"ports"`
	HealthPath  string          `json:"health_path"`
	VersionVars []string        `json:"version_vars"`
	Needs       map[string]bool `json:"needs"`
	EmbedFiles  []string        `json:"embed_files"`
	NonGoFiles  []string        `json:"non_go_files"`
	CgoPaths    []string        `json:"cgo_paths"`
	Runtime     []struct {
		Source string `json:"source"`
	} `json:"runtime_files"`
	Generate []struct {
		Dir      string `json:"dir"`
		Runnable bool   `json:"runnable"`
	} `json:"generate"`
}

// Reads reports whether the build reads the context file rel (slash
// separated) or the image copies it: module files, Go sources but for
// tests, and what dockgen analyze lists — embedded files, non-Go sources,
// paths #cgo flags name, run-time files, vendor/.
func (ex *Example) Reads(rel string) bool {
	base := path.Base(rel)
	switch {
	case base == "go.mod" || base == "go.sum" || rel == "go.work" || rel == "go.work.sum":
		return true
	case strings.HasSuffix(rel, ".go") && !strings.HasSuffix(rel, "_test.go") && !slices.Contains(strings.Split(rel, "/"), "testdata"):
		return true
	case ex.Facts.Vendor && strings.HasPrefix(rel, "vendor/"):
		return true
	}
	return slices.ContainsFunc(ex.Facts.Mains, func(m Main) bool { return m.reads(rel) })
}

// reads reports whether the build of m reads the context file rel beyond
// the module files and Go sources: embedded files, non-Go sources, paths
// #cgo flags name, run-time files, directories go generate runs in.
func (m Main) reads(rel string) bool {
	within := func(dir string) bool { return rel == dir || strings.HasPrefix(rel, dir+"/") }
	if slices.Contains(m.EmbedFiles, rel) || slices.Contains(m.NonGoFiles, rel) || slices.ContainsFunc(m.CgoPaths, within) {
		return true
	}
	for _, rf := range m.Runtime {
		if within(rf.Source) {
			return true
		}
	}
	for _, g := range m.Generate {
		if g.Runnable && g.Dir != "." && within(g.Dir) {
			return true // go generate runs there in the build
		}
	}
	return false
}

// Main returns the main whose binary is name.
func (ex *Example) Main(name string) (Main, bool) {
	for _, m := range ex.Facts.Mains {
		if m.Binary == name {
			return m, true
		}
	}
	return Main{}, false
}

// OpenEnv finds the Docker daemon, checks that it answers and prepares a
// run (NewEnv): the start of every script that builds with Docker. The
// error says how to start a daemon.
func OpenEnv(ctx context.Context, logf func(string, ...any)) (*Env, error) {
	docker, err := FindDocker()
	if err == nil {
		_, err = docker.Ping(ctx)
	}
	if err != nil {
		return nil, fmt.Errorf("no Docker daemon answers: %w\n(start one with .ci/docker-setup)", err)
	}
	return NewEnv(ctx, docker, logf)
}

// NewEnv prepares a run: it takes the machine-wide lock, builds dockgen,
// discovers the examples (every directory under examples/ with a go.mod or go.work),
// fills the module cache for them and starts the module proxy. The daemon
// must answer (see Docker.Ping).
func NewEnv(ctx context.Context, docker *Docker, logf func(string, ...any)) (_ *Env, err error) {
	if logf == nil {
		logf = func(string, ...any) {}
	}
	e := &Env{Docker: docker, Logf: logf}
	defer func() {
		if err != nil {
			e.Close()
		}
	}()
	if e.unlock, err = Lock(logf); err != nil {
		return nil, err
	}
	if e.Root, err = repoRoot(); err != nil {
		return nil, err
	}
	if e.GoBin, err = goCommand(); err != nil {
		return nil, err
	}
	goEnv, err := e.goEnv(ctx, e.Root, "GOROOT", "GOMODCACHE")
	if err != nil {
		return nil, err
	}
	e.GOROOT = goEnv[0]
	if e.Work, err = os.MkdirTemp("", "dockgen-e2e-"); err != nil {
		return nil, err
	}
	e.Dockgen = filepath.Join(e.Work, "dockgen")
	if out, err := e.run(ctx, e.Root, e.GoBin, "build", "-o", e.Dockgen, "./cmd/dockgen"); err != nil {
		return nil, fmt.Errorf("building dockgen: %w\n%s", err, out)
	}
	if err := e.discover(ctx); err != nil {
		return nil, err
	}
	if e.Proxy, err = StartModuleProxy(ModCacheDownloadDir(goEnv[1])); err != nil {
		return nil, err
	}
	logf("module proxy: %s serves %s — a loopback stand-in for proxy.golang.org (GOSUMDB=off; go.sum is still checked)", e.Proxy.URL, e.Proxy.Dir)
	e.Standins = &Standins{Docker: docker, GOROOT: e.GOROOT, ProxyURL: e.Proxy.URL, Logf: logf}
	return e, nil
}

// Close stops the proxy, removes the scratch directory and releases the lock.
func (e *Env) Close() {
	if e.Proxy != nil {
		e.Proxy.Close()
	}
	if e.Work != "" {
		os.RemoveAll(e.Work)
	}
	if e.unlock != nil {
		e.unlock()
	}
}

// discover finds the examples, downloads their modules into this machine's
// module cache (what the proxy serves) and analyzes them.
func (e *Env) discover(ctx context.Context) error {
	mods, err := filepath.Glob(filepath.Join(e.Root, "examples", "*", "go.mod"))
	if err != nil {
		return err
	}
	works, err := filepath.Glob(filepath.Join(e.Root, "examples", "*", "go.work"))
	if err != nil {
		return err
	}
	mods = append(mods, works...)
	sort.Strings(mods)
	for _, mod := range mods {
		dir := filepath.Dir(mod)
		ex := &Example{Name: filepath.Base(dir), Dir: dir}
		if out, err := e.run(ctx, dir, e.GoBin, "mod", "download"); err != nil {
			return fmt.Errorf("go mod download in %s: %w\n%s", dir, err, out)
		}
		// A workspace root holds no package of its own: list all of them.
		pattern := "./..."
		if filepath.Base(mod) == "go.work" {
			pattern = "all"
		}
		if out, err := e.run(ctx, dir, e.GoBin, "list", "-deps", pattern); err != nil {
			return fmt.Errorf("go list -deps %s in %s: %w\n%s", pattern, dir, err, out)
		}
		out, err := e.output(ctx, dir, e.Dockgen, "analyze", "--json", dir)
		if err != nil {
			return fmt.Errorf("dockgen analyze --json %s: %w", dir, err)
		}
		if err := json.Unmarshal(out, &ex.Facts); err != nil {
			return fmt.Errorf("dockgen analyze --json %s: %w", dir, err)
		}
		e.Examples = append(e.Examples, ex)
	}
	if len(e.Examples) == 0 {
		return fmt.Errorf("no examples under %s", filepath.Join(e.Root, "examples"))
	}
	return nil
}

// analysisCache is the environment setting that gives dockgen an analysis
// cache of this run's own: the suite neither reads nor fills the person's.
func (e *Env) analysisCache() string {
	return "DOCKGEN_CACHE_DIR=" + filepath.Join(e.Work, "analysis-cache")
}

// run runs a command in dir and returns its combined output.
func (e *Env) run(ctx context.Context, dir, name string, args ...string) (string, error) {
	c := exec.CommandContext(ctx, name, args...)
	c.Dir = dir
	c.Env = append(os.Environ(), "GOWORK=off", e.analysisCache())
	out, err := c.CombinedOutput()
	return string(out), err
}

// output runs a command in dir and returns its standard output.
func (e *Env) output(ctx context.Context, dir, name string, args ...string) ([]byte, error) {
	c := exec.CommandContext(ctx, name, args...)
	c.Dir = dir
	c.Env = append(os.Environ(), e.analysisCache())
	var stderr bytes.Buffer
	c.Stderr = &stderr
	out, err := c.Output()
	if err != nil {
		return out, fmt.Errorf("%w\n%s", err, stderr.String())
	}
	return out, nil
}

func (e *Env) goEnv(ctx context.Context, dir string, names ...string) ([]string, error) {
	out, err := e.output(ctx, dir, e.GoBin, append([]string{"env"}, names...)...)
	if err != nil {
		return nil, fmt.Errorf("go env: %w", err)
	}
	lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	if len(lines) != len(names) {
		return nil, fmt.Errorf("go env %s: unexpected output %q", strings.Join(names, " "), out)
	}
	return lines, nil
}

// GoVersionM runs `go version -m` on a binary.
func (e *Env) GoVersionM(ctx context.Context, bin string) (string, error) {
	out, err := e.output(ctx, e.Work, e.GoBin, "version", "-m", bin)
	return string(out), err
}

// goCommand finds the go command: on PATH, else next to the running toolchain.
func goCommand() (string, error) {
	if p, err := exec.LookPath("go"); err == nil {
		return p, nil
	}
	p := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(p); err != nil {
		return "", errors.New("no go command on PATH")
	}
	return p, nil
}

// repoRoot finds the dockgen repository: upwards from this source file, else
// from the working directory.
func repoRoot() (string, error) {
	var starts []string
	if _, file, _, ok := runtime.Caller(0); ok && filepath.IsAbs(file) {
		starts = append(starts, filepath.Dir(file))
	}
	if wd, err := os.Getwd(); err == nil {
		starts = append(starts, wd)
	}
	for _, dir := range starts {
		for d := dir; ; d = filepath.Dir(d) {
			data, err := os.ReadFile(filepath.Join(d, "go.mod"))
			if err == nil && bytes.Contains(data, []byte("module github.com/dockgen/dockgen\n")) {
				return d, nil
			}
			if filepath.Dir(d) == d {
				break
			}
		}
	}
	return "", errors.New("cannot find the dockgen repository (go.mod of github.com/dockgen/dockgen)")
}

// Analyze makes an Example of any module directory outside examples/ (the
// real-world suite's sources): dockgen analyze --json on it. Its
// dependencies must already be in the module cache the proxy serves.
func (e *Env) Analyze(ctx context.Context, name, dir string) (*Example, error) {
	ex := &Example{Name: name, Dir: dir}
	out, err := e.output(ctx, dir, e.Dockgen, "analyze", "--json", dir)
	if err != nil {
		return nil, fmt.Errorf("dockgen analyze --json %s: %w", dir, err)
	}
	if err := json.Unmarshal(out, &ex.Facts); err != nil {
		return nil, fmt.Errorf("dockgen analyze --json %s: %w", dir, err)
	}
	return ex, nil
}

// Lint runs dockgen lint on a Dockerfile and returns its findings, one a
// line ("FILE:LINE: RULE: message").
func (e *Env) Lint(ctx context.Context, dockerfile string) ([]string, error) {
	c := exec.CommandContext(ctx, e.Dockgen, "lint", dockerfile)
	out, err := c.Output()
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 1) {
		return nil, fmt.Errorf("dockgen lint %s: %w", dockerfile, err)
	}
	var findings []string
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if line != "" {
			findings = append(findings, line)
		}
	}
	return findings, nil
}
