// Package diff compares texts line by line and prints unified diffs.
package diff

import (
	"fmt"
	"strings"
)

// Kind says what an Op does.
type Kind int

// Op kinds.
const (
	Equal Kind = iota
	Delete
	Insert
)

// Op is one step of an edit script from a to b: an Equal op keeps a[A]
// (= b[B]), Delete drops a[A], Insert adds b[B].
type Op struct {
	Kind Kind
	A, B int
}

// SplitLines splits text into lines, each keeping its newline; a final line
// without one stays as it is.
func SplitLines(text string) []string {
	if text == "" {
		return nil
	}
	lines := strings.SplitAfter(text, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// maxCells bounds the table of Lines (n×m changed lines: 16 MB), so that
// any file, however large, is diffed in bounded time and memory.
const maxCells = 1 << 22

// Lines returns an edit script from a to b with the fewest changes (a
// longest common subsequence). Files here are small, so the quadratic
// table is fine; past maxCells the changed middle is replaced whole.
func Lines(a, b []string) []Op {
	// Trim the common prefix and suffix first: regeneration diffs are
	// mostly equal.
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	ops := make([]Op, 0, len(a)+len(b))
	for i := 0; i < pre; i++ {
		ops = append(ops, Op{Equal, i, i})
	}
	ma, mb := a[pre:len(a)-suf], b[pre:len(b)-suf]
	if len(ma)*len(mb) > maxCells {
		// Too big a middle for the table: delete it all, insert it all.
		// Still a correct diff, only not the shortest.
		ops = replaceAll(ops, pre, len(ma), len(mb))
	} else {
		ops = shortest(ops, pre, ma, mb)
	}
	for k := 0; k < suf; k++ {
		ops = append(ops, Op{Equal, len(a) - suf + k, len(b) - suf + k})
	}
	return ops
}

// replaceAll appends the ops that delete the n lines of a's middle and
// insert the m lines of b's, both starting at line pre.
func replaceAll(ops []Op, pre, n, m int) []Op {
	for i := 0; i < n; i++ {
		ops = append(ops, Op{Delete, pre + i, pre})
	}
	for j := 0; j < m; j++ {
		ops = append(ops, Op{Insert, pre + n, pre + j})
	}
	return ops
}

// shortest appends the fewest ops that turn ma into mb, the middles of a
// and b starting at line pre, through a longest-common-subsequence table.
func shortest(ops []Op, pre int, ma, mb []string) []Op {
	n, m := len(ma), len(mb)
	lcs := make([][]int32, n+1)
	for i := range lcs {
		lcs[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if ma[i] == mb[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && ma[i] == mb[j]:
			ops = append(ops, Op{Equal, pre + i, pre + j})
			i++
			j++
		case i < n && (j == m || lcs[i+1][j] >= lcs[i][j+1]):
			ops = append(ops, Op{Delete, pre + i, pre + j})
			i++
		default:
			ops = append(ops, Op{Insert, pre + i, pre + j})
			j++
		}
	}
	return ops
}

// Unified returns a unified diff of a and b with three lines of context, or
// "" when they are equal.
func Unified(nameA, nameB, a, b string) string {
	la, lb := SplitLines(a), SplitLines(b)
	ops := Lines(la, lb)
	const context = 3
	var out strings.Builder
	for start := 0; start < len(ops); {
		// Find the next change.
		for start < len(ops) && ops[start].Kind == Equal {
			start++
		}
		if start == len(ops) {
			break
		}
		// Extend the hunk while changes are within 2*context lines.
		end := start
		for k := start; k < len(ops); k++ {
			if ops[k].Kind != Equal {
				end = k + 1
				continue
			}
			if k-end >= 2*context {
				break
			}
		}
		lo := max(0, start-context)
		hi := min(len(ops), end+context)
		if out.Len() == 0 {
			fmt.Fprintf(&out, "--- %s\n+++ %s\n", nameA, nameB)
		}
		aStart, bStart, aLen, bLen := -1, -1, 0, 0
		for _, op := range ops[lo:hi] {
			if aStart < 0 {
				aStart, bStart = op.A, op.B
			}
			switch op.Kind {
			case Equal:
				aLen++
				bLen++
			case Delete:
				aLen++
			case Insert:
				bLen++
			}
		}
		fmt.Fprintf(&out, "@@ -%s +%s @@\n", hunkRange(aStart, aLen), hunkRange(bStart, bLen))
		for _, op := range ops[lo:hi] {
			switch op.Kind {
			case Equal:
				writeLine(&out, " ", la[op.A])
			case Delete:
				writeLine(&out, "-", la[op.A])
			case Insert:
				writeLine(&out, "+", lb[op.B])
			}
		}
		start = hi
	}
	return out.String()
}

func hunkRange(start, n int) string {
	if n == 0 {
		return fmt.Sprintf("%d,0", start)
	}
	if n == 1 {
		return fmt.Sprintf("%d", start+1)
	}
	return fmt.Sprintf("%d,%d", start+1, n)
}

func writeLine(b *strings.Builder, prefix, line string) {
	b.WriteString(prefix)
	b.WriteString(line)
	if !strings.HasSuffix(line, "\n") {
		b.WriteString("\n\\ No newline at end of file\n")
	}
}
