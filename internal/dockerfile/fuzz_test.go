package dockerfile

import (
	"strings"
	"testing"

	"github.com/dockgen/dockgen/internal/exampletest"
)

// FuzzRead reads facts from any Dockerfile: no panic, an error names the
// file.
func FuzzRead(f *testing.F) {
	for _, s := range exampletest.Seeds(f, "examples/*/Dockerfile", "internal/render/testdata/TestGolden/*.Dockerfile.golden") {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if _, err := Read("Dockerfile", data); err != nil && !strings.HasPrefix(err.Error(), "Dockerfile") {
			t.Errorf("error does not name the Dockerfile: %q", err)
		}
	})
}
