// Package exampletest gives tests the example projects under examples/,
// analyzed with their dependencies on disk, so that every test sees the same
// facts whatever this machine downloaded before.
package exampletest

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/dockgen/dockgen/internal/analyze"
)

// Root returns the repository root.
func Root() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// Dirs returns the example directories (each holds a go.mod or a go.work),
// sorted.
func Dirs(t testing.TB) []string {
	t.Helper()
	var dirs []string
	for _, name := range []string{"go.mod", "go.work"} {
		matches, _ := filepath.Glob(filepath.Join(Root(), "examples", "*", name))
		for _, m := range matches {
			dirs = append(dirs, filepath.Dir(m))
		}
	}
	if len(dirs) == 0 {
		t.Fatalf("no examples found under %s", filepath.Join(Root(), "examples"))
	}
	sort.Strings(dirs)
	return dirs
}

var (
	downloadMu sync.Mutex
	downloaded = map[string]bool{}
)

// ModCache downloads the requirements of the module in dir (through the
// module proxy, once per test binary) and returns the module cache. Tests
// that need it fail, not skip, without the go command: the examples cannot
// be analyzed faithfully otherwise.
func ModCache(t testing.TB, dir string) string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to download the examples' modules: %v", err)
	}
	downloadMu.Lock()
	defer downloadMu.Unlock()
	if !downloaded[dir] {
		// In a module or a workspace alike; nothing to do without requirements.
		cmd := exec.Command(goBin, "mod", "download")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOFLAGS=")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go mod download in %s: %v\n%s", dir, err, out)
		}
		downloaded[dir] = true
	}
	out, err := exec.Command(goBin, "env", "GOMODCACHE").Output()
	if err != nil {
		t.Fatalf("go env GOMODCACHE: %v", err)
	}
	return strings.TrimSpace(string(out))
}

// Analyze analyzes the example in dir with its dependencies on disk and an
// empty environment.
func Analyze(t testing.TB, dir string) *analyze.Project {
	t.Helper()
	mc := ModCache(t, dir)
	p, err := analyze.Analyze(os.DirFS(dir), analyze.Options{Root: filepath.Base(dir), ModCache: os.DirFS(mc)})
	if err != nil {
		t.Fatalf("analyzing %s: %v", dir, err)
	}
	return p
}

// E2E reports whether the slow suites were asked for (DOCKGEN_E2E=1): the
// ones that build images with Docker or compile the examples, cgo
// libraries included. Without it `go test ./...` stays a few minutes on two
// cores, and those tests skip saying how to run them.
func E2E() bool { return os.Getenv("DOCKGEN_E2E") == "1" }
