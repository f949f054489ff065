// Package merge merges two edited versions of a text with their common
// ancestor, line by line, as diff3 and git do: changes on one side only are
// taken, identical changes once, and overlapping different changes become a
// conflict shown with standard markers.
package merge

import (
	"strings"

	"github.com/dockgen/dockgen/internal/diff"
)

// Labels name the sides in conflict markers.
type Labels struct {
	Ours, Base, Theirs string
}

// Result is a merged text.
type Result struct {
	Text      string
	Conflicts int
}

// Merge3 merges ours and theirs, both derived from base.
func Merge3(base, ours, theirs string, l Labels) Result {
	b, o, t := diff.SplitLines(base), diff.SplitLines(ours), diff.SplitLines(theirs)
	mo := matches(b, o)
	mt := matches(b, t)
	var out strings.Builder
	conflicts := 0
	i, j, k := 0, 0, 0 // next unmerged line of base, ours, theirs
	for {
		// Find the next base line that both sides kept, in step.
		ni := i
		for ni < len(b) && !(mo[ni] >= j && mt[ni] >= k) {
			ni++
		}
		var nj, nk int
		if ni < len(b) {
			nj, nk = mo[ni], mt[ni]
		} else {
			nj, nk = len(o), len(t)
		}
		// The chunk before it is unstable: decide it.
		bc, oc, tc := b[i:ni], o[j:nj], t[k:nk]
		switch {
		case equal(oc, bc):
			writeAll(&out, tc)
		case equal(tc, bc) || equal(oc, tc):
			writeAll(&out, oc)
		default:
			conflicts++
			out.WriteString("<<<<<<< " + l.Ours + "\n")
			writeAll(&out, oc)
			out.WriteString("||||||| " + l.Base + "\n")
			writeAll(&out, bc)
			out.WriteString("=======\n")
			writeAll(&out, tc)
			out.WriteString(">>>>>>> " + l.Theirs + "\n")
		}
		if ni == len(b) {
			break
		}
		out.WriteString(b[ni])
		i, j, k = ni+1, nj+1, nk+1
	}
	return Result{Text: out.String(), Conflicts: conflicts}
}

// matches maps each line of base to the line of other it is kept as, or -1.
func matches(base, other []string) []int {
	m := make([]int, len(base))
	for i := range m {
		m[i] = -1
	}
	for _, op := range diff.Lines(base, other) {
		if op.Kind == diff.Equal {
			m[op.A] = op.B
		}
	}
	return m
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func writeAll(b *strings.Builder, lines []string) {
	for _, l := range lines {
		b.WriteString(l)
		if !strings.HasSuffix(l, "\n") {
			b.WriteString("\n")
		}
	}
}
