package diff

import (
	"fmt"
	"slices"
	"testing"
)

func TestUnified(t *testing.T) {
	a := "one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\n"
	b := "one\ntwo\nTHREE\nfour\nfive\nsix\nseven\neight\nnine\nten\neleven\n"
	want := `--- a
+++ b
@@ -1,6 +1,6 @@
 one
 two
-three
+THREE
 four
 five
 six
@@ -8,3 +8,4 @@
 eight
 nine
 ten
+eleven
`
	if got := Unified("a", "b", a, b); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if got := Unified("a", "b", a, a); got != "" {
		t.Errorf("equal texts give %q, want nothing", got)
	}
	if got := Unified("/dev/null", "b", "", "x\n"); got != "--- /dev/null\n+++ b\n@@ -0,0 +1 @@\n+x\n" {
		t.Errorf("creation diff = %q", got)
	}
}

func TestLinesMinimal(t *testing.T) {
	a := SplitLines("a\nb\nc\nd\n")
	b := SplitLines("a\nc\nd\ne\n")
	changes := 0
	for _, op := range Lines(a, b) {
		if op.Kind != Equal {
			changes++
		}
	}
	if changes != 2 {
		t.Errorf("%d changes, want 2 (delete b, insert e)", changes)
	}
}

// TestLinesBounded: two big files that share nothing but their ends are
// diffed quickly (no n×m table) into a script that still turns a into b.
func TestLinesBounded(t *testing.T) {
	var a, b []string
	for i := 0; i < 20000; i++ {
		a = append(a, fmt.Sprintf("a%d", i))
		b = append(b, fmt.Sprintf("b%d", i))
	}
	a = append(append([]string{"same"}, a...), "end")
	b = append(append([]string{"same"}, b...), "end")
	ops := Lines(a, b)
	var got []string
	for _, op := range ops {
		switch op.Kind {
		case Equal:
			got = append(got, a[op.A])
		case Insert:
			got = append(got, b[op.B])
		}
	}
	if !slices.Equal(got, b) {
		t.Errorf("the script does not turn a into b")
	}
}
