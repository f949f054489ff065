package dockerfile

import (
	"testing"

	"github.com/dockgen/dockgen/internal/exampletest"
)

// BenchmarkRead reads every example's Dockerfile: check, lint and
// regeneration read the person's Dockerfile once each, and the fuzz test
// FuzzRead calls Read once per input, so its speed bounds how far fuzzing
// gets.
func BenchmarkRead(b *testing.B) {
	files := exampletest.Seeds(b, "examples/*/Dockerfile")
	if len(files) == 0 {
		b.Fatal("no example Dockerfile")
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, data := range files {
			if _, err := Read("Dockerfile", data); err != nil {
				b.Fatal(err)
			}
		}
	}
}
