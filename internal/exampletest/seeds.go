package exampletest

import (
	"os"
	"path/filepath"
	"sort"
	"testing"
)

// Seeds returns the content of the repository's files that match the glob
// patterns (relative to the repository root, slash-separated), in a stable
// order: real files to seed fuzz tests with. It fails when none matches.
func Seeds(t testing.TB, patterns ...string) [][]byte {
	t.Helper()
	var names []string
	for _, p := range patterns {
		m, err := filepath.Glob(filepath.Join(Root(), filepath.FromSlash(p)))
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, m...)
	}
	sort.Strings(names)
	var out [][]byte
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	if len(out) == 0 {
		t.Fatalf("no seed files match %q", patterns)
	}
	return out
}
