package realsrc

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestGetCopiesWritableAndCaches(t *testing.T) {
	t.Setenv("DOCKGEN_REALWORLD_CACHE", t.TempDir())
	s := Source{Module: "rsc.io/quote", Version: "v1.5.2", Vendor: true}
	if _, ok := Cached(s); ok {
		t.Fatal("Cached reports a source in an empty cache")
	}
	tree, err := Get(context.Background(), s)
	var fe *FetchError
	if errors.As(err, &fe) {
		t.Skipf("real sources cannot be had here: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	if tree.Version != "v1.5.2" {
		t.Errorf("Version = %q, want v1.5.2", tree.Version)
	}
	// The copy is writable, and vendoring restored the dependencies'
	// packages that module zips leave out.
	if err := os.WriteFile(filepath.Join(tree.Dir, "quote.go"), []byte("package quote\n"), 0o644); err != nil {
		t.Errorf("copy is not writable: %v", err)
	}
	if _, err := os.Stat(filepath.Join(tree.Dir, "vendor", "rsc.io", "sampler", "sampler.go")); err != nil {
		t.Errorf("vendor tree missing: %v", err)
	}
	again, ok := Cached(s)
	if !ok || again != tree {
		t.Errorf("Cached = %+v, %v; want %+v, true", again, ok, tree)
	}
}

func TestGetReportsMissingVersion(t *testing.T) {
	t.Setenv("DOCKGEN_REALWORLD_CACHE", t.TempDir())
	_, err := Get(context.Background(), Source{Module: "rsc.io/quote", Version: "v0.0.0-no-such-version"})
	var fe *FetchError
	if !errors.As(err, &fe) {
		t.Fatalf("err = %v, want a *FetchError", err)
	}
}

func TestKeyIsAFileName(t *testing.T) {
	got := key(Source{Module: "github.com/grafana/loki/v3", Version: "65e30f8", Vendor: true})
	if want := "github.com+grafana+loki+v3@65e30f8+vendor"; got != want {
		t.Errorf("key = %q, want %q", got, want)
	}
}
