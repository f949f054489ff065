package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/dockgen/dockgen/internal/iostreams"
)

// TestHelp: commands grouped as a person meets them, flag placeholders
// that say what they take, an environment section, and --version.
func TestHelp(t *testing.T) {
	code, root, _ := runDockgen(t, nil, "--help")
	if code != 0 {
		t.Fatalf("--help exit %d", code)
	}
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`(?m)^Getting started:\n  init .*\n  generate .*\n\nKeeping it right:\n  check .*\n  lint .*\n  analyze .*\n`),
		regexp.MustCompile(`(?m)^Environment:\n  NO_COLOR .*non-empty`),
		regexp.MustCompile(`(?m)^  GOPRIVATE `),
		regexp.MustCompile(`(?m)^  GOMODCACHE `),
		regexp.MustCompile(`(?m)^  GOFLAGS `),
		regexp.MustCompile(`(?m)^  -q, --quiet `),
	} {
		if !want.MatchString(root) {
			t.Errorf("dockgen --help does not match %s:\n%s", want, root)
		}
	}
	_, gen, _ := runDockgen(t, nil, "generate", "--help")
	for _, want := range []string{"--base NAME ", "--port [BINARY=]N|none|auto ", "--cgo auto|on|off ", "--include NAME ", "--main DIR ", "-o, --output DIR "} {
		if !strings.Contains(gen, want) {
			t.Errorf("generate --help lacks the placeholder %q:\n%s", want, gen)
		}
	}
	_, env, _ := runDockgen(t, nil, "help", "environment")
	if !strings.HasPrefix(env, "Environment:\n") {
		t.Errorf("dockgen help environment:\n%s", env)
	}
	_, v1, _ := runDockgen(t, nil, "--version")
	_, v2, _ := runDockgen(t, nil, "version")
	if !strings.HasPrefix(v1, "dockgen ") || v1 != v2 {
		t.Errorf("--version printed %q, version printed %q", v1, v2)
	}
}

// TestQuiet: -q prints no notes, only errors.
func TestQuiet(t *testing.T) {
	dir := writeTempTree(t, map[string]string{"go.mod": helloMod, "main.go": helloMain})
	code, _, stderr := runDockgen(t, nil, "generate", "-q", dir)
	if code != 0 || stderr != "" {
		t.Errorf("generate -q: exit %d, stderr %q", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "Dockerfile")); err != nil {
		t.Error("generate -q wrote no Dockerfile")
	}
	code, _, stderr = runDockgen(t, nil, "--quiet", "generate", filepath.Join(dir, "nowhere"))
	if code != exitUsage || !strings.HasPrefix(stderr, "dockgen: ") {
		t.Errorf("an error with --quiet: exit %d, stderr %q", code, stderr)
	}
}

// TestProgress: a slow analysis shows a progress line on a terminal, and
// erases it; on a stderr that is not a terminal, nothing.
func TestProgress(t *testing.T) {
	old := progressDelay
	progressDelay = 0 // every step counts as slow
	defer func() { progressDelay = old }()
	dir := writeTempTree(t, map[string]string{"go.mod": helloMod, "main.go": helloMain})
	for _, tty := range []bool{true, false} {
		ios, _, _, errOut := iostreams.Test()
		ios.SetTTY(false, false, tty)
		if code := Run([]string{"analyze", "--json", dir}, NewFactory(ios, func(string) string { return "" })); code != 0 {
			t.Fatalf("analyze exit %d: %s", code, errOut)
		}
		want := ""
		if tty {
			want = "analyzing " + dir + "…\r\x1b[K"
		}
		if errOut.String() != want {
			t.Errorf("stderr a terminal %v: %q, want %q", tty, errOut, want)
		}
	}
}

// TestOutputDirCreated: -o DIR for a directory that does not exist says it
// created it.
func TestOutputDirCreated(t *testing.T) {
	dir := writeTempTree(t, map[string]string{"go.mod": helloMod, "main.go": helloMain})
	out := filepath.Join(dir, "build", "docker")
	code, _, stderr := runDockgen(t, nil, "generate", "-o", out, dir)
	if code != 0 || !strings.HasPrefix(stderr, "created directory "+filepath.Join(dir, "build")+"\ncreated directory "+out+"\n") {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
}
