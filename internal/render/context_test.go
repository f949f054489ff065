package render

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"

	"github.com/dockgen/dockgen/internal/exampletest"
	"github.com/dockgen/dockgen/internal/plan"
	"github.com/dockgen/dockgen/internal/realsrc"
)

// decoys are files a real checkout holds that must never reach the builder,
// with names a deny list knows and names no list knows.
var decoys = []string{".git/config", ".env", ".env.local", "server.pem", "deploy/id_rsa", "Dockerfile.old", "README.md", "cmd_test.go",
	"secrets.yaml", "deploy/service-account.json", "prod.conf", "db/backup.sql"} // the last four: names no deny list knows

// TestContextBuilds copies only the files the generated .dockerignore lets
// through, with Docker's own matching (patternmatcher and its ignorefile
// reader), and loads the Dockerfile's packages there with go list (every
// import and embed pattern resolved): the context holds everything the build
// needs and none of the decoys. With DOCKGEN_E2E=1 it also runs the
// Dockerfile's go build there, which compiles cgo libraries and takes
// minutes on two cores.
func TestContextBuilds(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatal("the go command is needed to build the filtered context")
	}
	for _, dir := range exampletest.Dirs(t) {
		for _, base := range bases {
			t.Run(filepath.Base(dir)+"_"+string(base), func(t *testing.T) {
				pl, f := renderExample(t, dir, plan.Choices{Base: base})
				src := t.TempDir()
				copyTree(t, dir, src, nil)
				for _, d := range decoys {
					writeFile(t, filepath.Join(src, d), "decoy")
				}
				patterns, err := ignorefile.ReadAll(bytes.NewReader(f.Dockerignore))
				if err != nil {
					t.Fatal(err)
				}
				pm, err := patternmatcher.New(patterns)
				if err != nil {
					t.Fatal(err)
				}
				ctx := t.TempDir()
				copyTree(t, src, ctx, pm)
				for _, d := range decoys {
					if _, err := os.Stat(filepath.Join(ctx, d)); err == nil {
						t.Errorf("%s reached the build context", d)
					}
				}
				goCommand(t, goBin, ctx, pl, "list")
				if exampletest.E2E() {
					goCommand(t, goBin, ctx, pl, "build")
				}
			})
		}
	}
}

// goCommand runs the Dockerfile's go build command in dir for linux/amd64,
// or, with verb "list", loads the same packages and their dependencies
// without compiling them.
func goCommand(t *testing.T, goBin, dir string, pl *plan.Plan, verb string) {
	t.Helper()
	args := []string{verb}
	for _, fl := range pl.Build.Flags {
		args = append(args, fl)
	}
	ld := pl.Build.Ldflags
	if i := strings.Index(ld, "${"); i >= 0 {
		ld = ld[:i] // the shell expansions are empty without build args
	}
	args = append(args, "-ldflags="+ld)
	if verb == "list" {
		args = append(args, "-deps", "-f", "{{.ImportPath}}")
	} else {
		args = append(args, "-o", t.TempDir()+"/")
	}
	args = append(args, pl.Build.Packages...)
	cmd := exec.Command(goBin, args...)
	cmd.Dir = dir
	gowork := "off" // never a workspace from outside the context
	if _, err := os.Stat(filepath.Join(dir, "go.work")); err == nil {
		gowork = filepath.Join(dir, "go.work")
	}
	cmd.Env = append(os.Environ(), "GOOS=linux", "GOARCH=amd64", "GOFLAGS=", "GOPROXY=off", "GOWORK="+gowork)
	cmd.Env = append(cmd.Env, slices.DeleteFunc(slices.Clone(pl.Build.Env), func(e string) bool { return strings.Contains(e, "$") })...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go %s in the filtered context: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// copyTree copies src to dst, leaving out what pm excludes (nil: nothing).
func copyTree(t *testing.T, src, dst string, pm *patternmatcher.PatternMatcher) {
	t.Helper()
	var keep func(string, fs.DirEntry) (bool, error)
	if pm != nil {
		keep = func(rel string, d fs.DirEntry) (bool, error) {
			excluded, err := pm.MatchesOrParentMatches(rel)
			if err != nil || !excluded {
				return !excluded, err
			}
			if d.IsDir() && !pm.Exclusions() {
				return false, filepath.SkipDir
			}
			return false, nil
		}
	}
	if err := realsrc.CopyTree(src, dst, keep); err != nil {
		t.Fatal(err)
	}
}

func writeFile(t *testing.T, name, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
