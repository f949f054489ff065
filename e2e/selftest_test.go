package e2e

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"github.com/dockgen/dockgen/e2e/harness"
)

// TestProbeSeesLeaks checks the context probe itself: with an ignore file
// that forgets the secrets, the probe must report them (and must not report
// what the file does ignore). A probe that sees nothing would make the
// context checks of TestExamples vacuous.
func TestProbeSeesLeaks(t *testing.T) {
	e := setup(t)
	dir := t.TempDir()
	files := map[string]string{
		".git/HEAD":     "ref: refs/heads/main\n",
		".env":          "SECRET=1\n",
		"server.pem":    "not a key\n",
		"secrets.yaml":  "token: 1\n",
		"main.go":       "package main\n",
		".dockerignore": ".git\n",
	}
	for name, data := range files {
		full := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p := &harness.Project{Dir: dir, Ignore: filepath.Join(dir, ".dockerignore")}
	paths, log, err := e.ProbeContext(context.Background(), p)
	if err != nil {
		t.Fatalf("%v\n%s", err, log)
	}
	var leaks []string
	for _, q := range paths {
		if harness.IsForbidden(q) {
			leaks = append(leaks, q)
		}
	}
	if want := []string{".env", "secrets.yaml", "server.pem"}; !slices.Equal(leaks, want) {
		t.Errorf("probe saw leaks %v in %v, want %v", leaks, paths, want)
	}
}

// TestProcIDs checks the reading of a process's user from /proc against
// this process.
func TestProcIDs(t *testing.T) {
	uid, gid, err := procIDs(os.Getpid())
	if err != nil {
		t.Skipf("no /proc: %v", err)
	}
	if uid != strconv.Itoa(os.Getuid()) || gid != strconv.Itoa(os.Getgid()) {
		t.Errorf("procIDs = %s, %s; want %d, %d", uid, gid, os.Getuid(), os.Getgid())
	}
}
