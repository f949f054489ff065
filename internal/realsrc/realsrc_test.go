package realsrc

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestGetCopiesWritableAndCaches(t *testing.T) {
	t.Setenv("DOCKGEN_REALWORLD_CACHE", t.TempDir())
	s := Source{Module: "github.com/spf13/cobra", Version: "v1.8.1", Vendor: true}
	if _, ok := Cached(s); ok {
		t.Fatal("Cached reports a source in an empty cache")
	}
	tree, err := Get(context.Background(), s)
	var fe *FetchError
	if errors.As(err, &fe) && fe.Unavailable {
		t.Skipf("real sources cannot be had here: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	if tree.Version != "v1.8.1" {
		t.Errorf("Version = %q, want v1.8.1", tree.Version)
	}
	// The copy is writable, and vendoring restored the dependencies'
	// packages that module zips leave out.
	if err := os.WriteFile(filepath.Join(tree.Dir, "cobra.go"), []byte("package cobra\n"), 0o644); err != nil {
		t.Errorf("copy is not writable: %v", err)
	}
	if _, err := os.Stat(filepath.Join(tree.Dir, "vendor", "github.com", "spf13", "pflag", "flag.go")); err != nil {
		t.Errorf("vendor tree missing: %v", err)
	}
	again, ok := Cached(s)
	if !ok || again != tree {
		t.Errorf("Cached = %+v, %v; want %+v, true", again, ok, tree)
	}
}

func TestGetReportsMissingVersion(t *testing.T) {
	t.Setenv("DOCKGEN_REALWORLD_CACHE", t.TempDir())
	_, err := Get(context.Background(), Source{Module: "github.com/spf13/cobra", Version: "v0.0.0-no-such-version"})
	var fe *FetchError
	if !errors.As(err, &fe) {
		t.Fatalf("err = %v, want a *FetchError", err)
	}
	if fe.Unavailable {
		t.Skipf("real sources cannot be had here: %v", err)
	}
}

func TestKeyIsAFileName(t *testing.T) {
	got := key(Source{Module: "github.com/grafana/loki/v3", Version: "65e30f8", Vendor: true})
	if want := "github.com+grafana+loki+v3@65e30f8+vendor"; got != want {
		t.Errorf("key = %q, want %q", got, want)
	}
	got = key(Source{Module: "golang.org/x/tools", Version: "v0.1.0", Nested: []Nested{{Dir: "gopls/internal", Module: "golang.org/x/tools/gopls", Version: "v0.1.0"}}})
	if want := "golang.org+x+tools@v0.1.0+gopls+internal"; got != want {
		t.Errorf("key = %q, want %q", got, want)
	}
}

func TestUnreachable(t *testing.T) {
	for _, tc := range []struct {
		msg  string
		want bool
	}{
		{`go mod download: Get "https://proxy.example/x/@v/list": dial tcp: lookup proxy.example: no such host`, true},
		{"module lookup disabled by GOPROXY=off", true},
		{"github.com/x/y@v9.9.9: invalid version: unknown revision v9.9.9", false},
		{"go mod vendor: missing go.sum entry for go.mod file", false},
	} {
		if got := unreachable(errors.New(tc.msg)); got != tc.want {
			t.Errorf("unreachable(%q) = %v, want %v", tc.msg, got, tc.want)
		}
	}
}

// TestCopyTree: what keep leaves out stays out (a directory with all it
// holds on filepath.SkipDir, a file alone otherwise, a directory left out
// but looked inside keeps the files keep wants), and read-only files
// become writable in the copy.
func TestCopyTree(t *testing.T) {
	src, dst := t.TempDir(), t.TempDir()
	for name, mode := range map[string]os.FileMode{"a.go": 0o444, "skip/x": 0o644, "gone/y": 0o644, "gone/keep.txt": 0o644, "Dockerfile": 0o644} {
		p := filepath.Join(src, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(name), mode); err != nil {
			t.Fatal(err)
		}
	}
	keep := func(rel string, d fs.DirEntry) (bool, error) {
		switch rel {
		case "skip":
			return false, filepath.SkipDir
		case "gone", "gone/y", "Dockerfile":
			return false, nil
		}
		return true, nil
	}
	if err := CopyTree(src, dst, keep); err != nil {
		t.Fatal(err)
	}
	var got []string
	filepath.WalkDir(dst, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dst, p)
			got = append(got, filepath.ToSlash(rel))
		}
		return err
	})
	if want := []string{"a.go", "gone/keep.txt"}; !slices.Equal(got, want) {
		t.Errorf("copied %v, want %v", got, want)
	}
	if info, err := os.Stat(filepath.Join(dst, "a.go")); err != nil || info.Mode().Perm()&0o200 == 0 {
		t.Errorf("a.go in the copy: %v, %v; want it writable by the owner", info, err)
	}
}

// TestCopyTreeNoOverwrite: a target that holds anything (an earlier run's
// copy, or a stale file the source does not have) is refused, with its
// files untouched; an absent or empty target is fine.
func TestCopyTreeNoOverwrite(t *testing.T) {
	src := t.TempDir()
	if err := os.WriteFile(filepath.Join(src, "main.go"), []byte("fresh"), 0o644); err != nil {
		t.Fatal(err)
	}
	absent := filepath.Join(t.TempDir(), "new")
	if err := CopyTree(src, absent, nil); err != nil {
		t.Fatalf("absent target: %v", err)
	}
	if err := CopyTree(src, t.TempDir(), nil); err != nil {
		t.Fatalf("empty target: %v", err)
	}
	for name, stale := range map[string]string{"main.go": "old run", "Dockerfile": "old Dockerfile"} {
		dst := t.TempDir()
		if err := os.WriteFile(filepath.Join(dst, name), []byte(stale), 0o644); err != nil {
			t.Fatal(err)
		}
		err := CopyTree(src, dst, nil)
		if !errors.Is(err, fs.ErrExist) {
			t.Errorf("target holding %s: err %v, want fs.ErrExist", name, err)
		}
		if got, _ := os.ReadFile(filepath.Join(dst, name)); string(got) != stale {
			t.Errorf("target's %s became %q, want it untouched", name, got)
		}
	}
}
