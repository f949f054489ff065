// Package golden compares test output with files committed under the
// repository (testdata/*.golden, generated reference docs), and rewrites
// them when DOCKGEN_UPDATE=1 — an environment variable, so that
// go test ./... stays valid in every package.
package golden

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/dockgen/dockgen/internal/diff"
)

// Update reports whether golden files are to be rewritten (DOCKGEN_UPDATE=1).
func Update() bool { return os.Getenv("DOCKGEN_UPDATE") == "1" }

// Check compares got with file, or writes got to file when Update.
func Check(t testing.TB, file string, got []byte) {
	t.Helper()
	if Update() {
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Errorf("%v (run the test with DOCKGEN_UPDATE=1 to create it)", err)
		return
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is stale (run the test with DOCKGEN_UPDATE=1 to accept the new text):\n%s", file, diff.Unified(file, "got", string(want), string(got)))
	}
}
