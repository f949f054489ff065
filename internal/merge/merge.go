// Package merge merges two edited versions of a text with their common
// ancestor, line by line: changes on one side only are taken, identical
// changes once, and overlapping different changes become a conflict shown
// with standard (diff3-style) markers. Unlike plain diff3, a line inserted
// next to a line the other side changed is not a conflict: only edits that
// touch the same lines of the ancestor, or insert at the same place, are.
package merge

import (
	"sort"
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

// hunk replaces base[start:end] with lines; start == end is an insertion.
type hunk struct {
	start, end int
	lines      []string
	theirs     bool
}

// hunks returns the edits that turn base into other.
func hunks(base, other []string, theirs bool) []hunk {
	var out []hunk
	var cur *hunk
	for _, op := range diff.Lines(base, other) {
		if op.Kind == diff.Equal {
			cur = nil
			continue
		}
		if cur == nil {
			out = append(out, hunk{start: op.A, end: op.A, theirs: theirs})
			cur = &out[len(out)-1]
		}
		if op.Kind == diff.Delete {
			cur.end = op.A + 1
		} else {
			cur.lines = append(cur.lines, other[op.B])
		}
	}
	return out
}

// Merge3 merges ours and theirs, both derived from base.
func Merge3(base, ours, theirs string, l Labels) Result {
	// A side that did not change takes the other whole, byte for byte (the
	// line merge below would end a last line that had no newline).
	switch {
	case ours == base || ours == theirs:
		return Result{Text: theirs}
	case theirs == base:
		return Result{Text: ours}
	}
	b := diff.SplitLines(base)
	all := append(hunks(b, diff.SplitLines(ours), false), hunks(b, diff.SplitLines(theirs), true)...)
	// By start; at the same start, insertions first.
	sort.SliceStable(all, func(i, j int) bool {
		if all[i].start != all[j].start {
			return all[i].start < all[j].start
		}
		return all[i].end-all[i].start < all[j].end-all[j].start
	})
	var out strings.Builder
	conflicts := 0
	pos := 0
	for i := 0; i < len(all); {
		cs, ce := all[i].start, all[i].end
		j := i + 1
		for j < len(all) && overlaps(all[j], cs, ce) {
			ce = max(ce, all[j].end)
			j++
		}
		cluster := all[i:j]
		writeAll(&out, b[pos:cs])
		oursText := apply(b, cs, ce, cluster, false)
		theirsText := apply(b, cs, ce, cluster, true)
		switch {
		case equal(oursText, theirsText):
			writeAll(&out, oursText)
		case equal(oursText, b[cs:ce]):
			writeAll(&out, theirsText)
		case equal(theirsText, b[cs:ce]):
			writeAll(&out, oursText)
		default:
			conflicts++
			out.WriteString("<<<<<<< " + l.Ours + "\n")
			writeAll(&out, oursText)
			out.WriteString("||||||| " + l.Base + "\n")
			writeAll(&out, b[cs:ce])
			out.WriteString("=======\n")
			writeAll(&out, theirsText)
			out.WriteString(">>>>>>> " + l.Theirs + "\n")
		}
		pos = ce
		i = j
	}
	writeAll(&out, b[pos:])
	return Result{Text: out.String(), Conflicts: conflicts}
}

// overlaps reports whether h touches the region [cs, ce) already claimed:
// it starts inside it, or inserts at the very place an insertion was made.
func overlaps(h hunk, cs, ce int) bool {
	if cs == ce {
		return h.start == cs && h.end == cs
	}
	return h.start < ce
}

// apply returns base[cs:ce] with one side's hunks of the cluster applied.
func apply(base []string, cs, ce int, cluster []hunk, theirs bool) []string {
	var out []string
	pos := cs
	for _, h := range cluster {
		if h.theirs != theirs {
			continue
		}
		out = append(out, base[pos:h.start]...)
		out = append(out, h.lines...)
		pos = h.end
	}
	return append(out, base[pos:ce]...)
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
