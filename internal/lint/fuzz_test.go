package lint

import (
	"testing"

	"github.com/dockgen/dockgen/internal/exampletest"
)

// FuzzLint lints and fixes any Dockerfile: no panic, and a fix never turns
// a Dockerfile that parsed into one that does not.
func FuzzLint(f *testing.F) {
	for _, s := range exampletest.Seeds(f, "examples/*/Dockerfile", "internal/render/testdata/TestGolden/*.Dockerfile.golden") {
		f.Add(s)
	}
	opts := Options{Ignore: &Ignore{Name: ".dockerignore", Patterns: []string{".git", ".env"}}}
	f.Fuzz(func(t *testing.T, data []byte) {
		if _, err := Lint("Dockerfile", data, opts); err != nil {
			return
		}
		fixed, n, err := Fix("Dockerfile", data, opts)
		if err != nil {
			t.Fatalf("Fix failed on a Dockerfile Lint read: %v", err)
		}
		if n == 0 {
			return
		}
		if _, err := Lint("Dockerfile", fixed, opts); err != nil {
			t.Errorf("Fix broke the Dockerfile: %v\nbefore:\n%s\nafter:\n%s", err, data, fixed)
		}
	})
}
