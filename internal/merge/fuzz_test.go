package merge

import (
	"strings"
	"testing"

	"github.com/dockgen/dockgen/internal/exampletest"
)

// FuzzMerge3 merges any three texts: no panic, and the laws of a three-way
// merge hold: a side that did not change takes the other side whole, the
// same change on both sides is taken once, and a merge without conflicts
// has no markers.
func FuzzMerge3(f *testing.F) {
	dockerfiles := exampletest.Seeds(f, "examples/*/Dockerfile")
	bases := exampletest.Seeds(f, "examples/*/.dockgen/Dockerfile.base")
	for i, d := range dockerfiles {
		edited := strings.Replace(string(d), "USER ", "ENV DEBUG=1\nUSER ", 1)
		f.Add(string(bases[i%len(bases)]), edited, string(dockerfiles[(i+1)%len(dockerfiles)]))
	}
	l := Labels{Ours: "ours", Base: "base", Theirs: "theirs"}
	f.Fuzz(func(t *testing.T, base, ours, theirs string) {
		r := Merge3(base, ours, theirs, l)
		if r.Conflicts == 0 && (strings.Contains(r.Text, "<<<<<<< ours") || strings.Contains(r.Text, ">>>>>>> theirs")) {
			t.Errorf("no conflicts but markers in %q", r.Text)
		}
		if r := Merge3(base, base, theirs, l); r.Conflicts != 0 || r.Text != theirs {
			t.Errorf("ours unchanged: got %q (%d conflicts), want theirs %q", r.Text, r.Conflicts, theirs)
		}
		if r := Merge3(base, ours, base, l); r.Conflicts != 0 || r.Text != ours {
			t.Errorf("theirs unchanged: got %q (%d conflicts), want ours %q", r.Text, r.Conflicts, ours)
		}
		if r := Merge3(base, ours, ours, l); r.Conflicts != 0 || r.Text != ours {
			t.Errorf("same change on both sides: got %q (%d conflicts), want %q", r.Text, r.Conflicts, ours)
		}
	})
}
