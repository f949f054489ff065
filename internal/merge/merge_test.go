package merge

import (
	"strings"
	"testing"
)

var labels = Labels{Ours: "ours", Base: "base", Theirs: "theirs"}

func lines(s ...string) string { return strings.Join(s, "\n") + "\n" }

func TestMerge3(t *testing.T) {
	base := lines("a", "b", "c", "d", "e")
	tests := []struct {
		name, ours, theirs, want string
		conflicts                int
	}{
		{"nothing changed", base, base, base, 0},
		{"only ours", lines("a", "B", "c", "d", "e"), base, lines("a", "B", "c", "d", "e"), 0},
		{"only theirs", base, lines("a", "b", "c", "D", "e"), lines("a", "b", "c", "D", "e"), 0},
		{"both, apart", lines("a", "B", "c", "d", "e"), lines("a", "b", "c", "D", "e"), lines("a", "B", "c", "D", "e"), 0},
		{"same change", lines("a", "X", "c", "d", "e"), lines("a", "X", "c", "d", "e"), lines("a", "X", "c", "d", "e"), 0},
		{"ours inserts, theirs deletes elsewhere", lines("a", "b", "new", "c", "d", "e"), lines("a", "b", "c", "e"), lines("a", "b", "new", "c", "e"), 0},
		{"insert next to a changed line", lines("a", "b", "ENV", "c", "d", "e"), lines("a", "b", "C", "d", "e"), lines("a", "b", "ENV", "C", "d", "e"), 0},
		{"insert after a changed line", lines("a", "b", "c", "ENV", "d", "e"), lines("a", "b", "C", "d", "e"), lines("a", "b", "C", "ENV", "d", "e"), 0},
		{"overlap", lines("a", "OURS", "c", "d", "e"), lines("a", "THEIRS", "c", "d", "e"),
			lines("a", "<<<<<<< ours", "OURS", "||||||| base", "b", "=======", "THEIRS", ">>>>>>> theirs", "c", "d", "e"), 1},
		{"both insert at end", lines("a", "b", "c", "d", "e", "x"), lines("a", "b", "c", "d", "e", "y"),
			lines("a", "b", "c", "d", "e", "<<<<<<< ours", "x", "||||||| base", "=======", "y", ">>>>>>> theirs"), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Merge3(base, tt.ours, tt.theirs, labels)
			if got.Text != tt.want || got.Conflicts != tt.conflicts {
				t.Errorf("got %d conflicts:\n%s\nwant %d:\n%s", got.Conflicts, got.Text, tt.conflicts, tt.want)
			}
		})
	}
}

// TestMerge3Symmetric: swapping sides gives the same text when there is no
// conflict.
func TestMerge3Symmetric(t *testing.T) {
	base := lines("FROM x", "RUN a", "USER 1", "ENTRYPOINT [\"/a\"]")
	ours := lines("FROM x", "RUN a", "ENV A=1", "USER 1", "ENTRYPOINT [\"/a\"]")
	theirs := lines("FROM y", "RUN a", "USER 1", "ENTRYPOINT [\"/a\"]")
	a := Merge3(base, ours, theirs, labels)
	b := Merge3(base, theirs, ours, labels)
	if a.Text != b.Text || a.Conflicts != 0 {
		t.Errorf("asymmetric merge:\n%s\nvs\n%s", a.Text, b.Text)
	}
}
