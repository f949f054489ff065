package analyze

import (
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
)

// The go command is the oracle: on every example and on the trees under
// testdata/trees, the analyzer must find the same main packages, the same
// cgo packages in each main's import closure, and the same embedded files.
// These tests run when the go command is on PATH.

// oracleDirs lists the project directories the oracle checks.
func oracleDirs(t *testing.T) []string {
	t.Helper()
	var dirs []string
	for _, pattern := range []string{"testdata/trees/*/go.mod", "testdata/trees/*/go.work", "../../examples/*/go.mod", "../../examples/*/go.work"} {
		matches, _ := filepath.Glob(pattern)
		for _, m := range matches {
			dirs = append(dirs, filepath.Dir(m))
		}
	}
	slices.Sort(dirs)
	return slices.Compact(dirs)
}

func needGo(t *testing.T) string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go command not on PATH: the oracle tests need it")
	}
	return goBin
}

// goList runs go list in dir for linux/amd64 with cgo enabled and returns
// its output lines.
func goList(t *testing.T, goBin, dir string, args ...string) []string {
	t.Helper()
	cmd := exec.Command(goBin, append([]string{"list"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOOS=linux", "GOARCH=amd64", "CGO_ENABLED=1", "GOFLAGS=", "GOWORK=")
	if _, err := os.Stat(filepath.Join(dir, "go.work")); err == nil {
		abs, _ := filepath.Abs(filepath.Join(dir, "go.work"))
		cmd.Env = append(cmd.Env, "GOWORK="+abs)
	}
	out, err := cmd.Output()
	if err != nil {
		stderr := ""
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		t.Fatalf("go list %s in %s: %v\n%s", strings.Join(args, " "), dir, err, stderr)
	}
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if l != "" {
			lines = append(lines, l)
		}
	}
	return lines
}

// modCache returns the module cache after making sure dir's requirements
// are in it (examples have real dependencies).
func modCache(t *testing.T, goBin, dir string) string {
	t.Helper()
	if _, err := os.Stat(filepath.Join(dir, "vendor")); err == nil {
		return ""
	}
	if _, err := os.Stat(filepath.Join(dir, "go.sum")); err == nil {
		cmd := exec.Command(goBin, "mod", "download")
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go mod download in %s: %v\n%s", dir, err, out)
		}
	}
	out, err := exec.Command(goBin, "env", "GOMODCACHE").Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(out))
}

func analyzeDir(t *testing.T, dir, modcache string) *Project {
	t.Helper()
	opts := Options{Root: dir}
	if modcache != "" {
		opts.ModCache = os.DirFS(modcache)
	}
	p, err := Analyze(os.DirFS(dir), opts)
	if err != nil {
		t.Fatalf("Analyze(%s): %v", dir, err)
	}
	return p
}

// listPatterns returns the package patterns that cover a project: ./... for
// a module, each used module for a workspace.
func listPatterns(p *Project) []string {
	var pats []string
	for _, m := range p.Modules {
		pats = append(pats, "./"+path.Join(m.Dir, "..."))
	}
	return pats
}

func TestOracleMains(t *testing.T) {
	goBin := needGo(t)
	for _, dir := range oracleDirs(t) {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			p := analyzeDir(t, dir, "")
			abs, _ := filepath.Abs(dir)
			// A package main with only _test.go files is not a binary (go
			// build says "no non-test Go files"), so the oracle keeps
			// mains with GoFiles or CgoFiles.
			args := append([]string{"-e", "-find", "-f", `{{if and (eq .Name "main") (or .GoFiles .CgoFiles)}}{{.Dir}}{{end}}`}, listPatterns(p)...)
			var want []string
			for _, d := range goList(t, goBin, dir, args...) {
				rel, _ := filepath.Rel(abs, d)
				want = append(want, filepath.ToSlash(rel))
			}
			sort.Strings(want)
			var got []string
			for _, m := range p.Mains {
				got = append(got, m.Dir)
			}
			if !slices.Equal(got, want) {
				t.Errorf("mains:\n got %q\nwant %q (go list)", got, want)
			}
		})
	}
}

func TestOracleCgoAndEmbeds(t *testing.T) {
	goBin := needGo(t)
	for _, dir := range oracleDirs(t) {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			mc := modCache(t, goBin, dir)
			p := analyzeDir(t, dir, mc)
			abs, _ := filepath.Abs(dir)
			for _, m := range p.Mains {
				lines := goList(t, goBin, dir, "-e", "-deps", "-f",
					`{{if not .Standard}}{{.ImportPath}}|{{len .CgoFiles}}|{{.Dir}}|{{join .EmbedFiles ","}}{{end}}`, "./"+m.Dir)
				var wantCgo, wantEmbeds []string
				for _, l := range lines {
					parts := strings.Split(l, "|")
					if parts[1] != "0" {
						wantCgo = append(wantCgo, parts[0])
					}
					rel, err := filepath.Rel(abs, parts[2])
					if err != nil || strings.HasPrefix(rel, "..") || parts[3] == "" {
						continue
					}
					for _, f := range strings.Split(parts[3], ",") {
						wantEmbeds = append(wantEmbeds, path.Join(filepath.ToSlash(rel), f))
					}
				}
				sort.Strings(wantCgo)
				sort.Strings(wantEmbeds)
				if got := m.CgoPackages; !slices.Equal(got, wantCgo) {
					t.Errorf("%s: cgo packages:\n got %q\nwant %q (go list -deps)", m.Dir, got, wantCgo)
				}
				// A closure with cgo packages needs cgo or has pure-Go
				// fallbacks (CgoOptional): never neither.
				if (m.Cgo || m.CgoOptional) != (len(wantCgo) > 0) {
					t.Errorf("%s: Cgo = %v, CgoOptional = %v, go list found %q", m.Dir, m.Cgo, m.CgoOptional, wantCgo)
				}
				if got := m.EmbedFiles; !slices.Equal(got, wantEmbeds) {
					t.Errorf("%s: embedded files:\n got %q\nwant %q (go list EmbedFiles)", m.Dir, got, wantEmbeds)
				}
			}
		})
	}
}
