package golden

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// recorder is a testing.TB that records errors instead of failing.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, format)
}

func TestCheck(t *testing.T) {
	file := filepath.Join(t.TempDir(), "sub", "x.golden")
	t.Setenv("DOCKGEN_UPDATE", "1")
	Check(t, file, []byte("one\n"))
	if b, err := os.ReadFile(file); err != nil || string(b) != "one\n" {
		t.Fatalf("update wrote %q, %v", b, err)
	}
	t.Setenv("DOCKGEN_UPDATE", "")
	r := &recorder{TB: t}
	Check(r, file, []byte("one\n"))
	if len(r.errs) != 0 {
		t.Errorf("equal text reported: %v", r.errs)
	}
	Check(r, file, []byte("two\n"))
	if len(r.errs) != 1 || !strings.Contains(r.errs[0], "is stale") {
		t.Errorf("changed text: %v, want one stale report", r.errs)
	}
	Check(r, file+".missing", []byte("x"))
	if len(r.errs) != 2 {
		t.Errorf("missing file not reported: %v", r.errs)
	}
}
