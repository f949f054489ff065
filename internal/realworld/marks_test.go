package realworld

import (
	"strings"
	"testing"
)

// TestCheckMarks: a field mark names one expected main, a strict field,
// and only once; the marks are kept per main and field.
func TestCheckMarks(t *testing.T) {
	mains := []Main{{Dir: "cmd/a"}, {Dir: "cmd/b"}}
	mark := func(main, field string) Blocked {
		return Blocked{Level: "analysis", Main: main, Field: field, Fault: "issue 11"}
	}
	for _, c := range []struct {
		marks []Blocked
		err   string
	}{
		{[]Blocked{mark("cmd/a", "command"), mark("cmd/b", "command"), mark("", "mains"), {Level: "run", Fault: "issue 11"}}, ""},
		{[]Blocked{mark("cmd/a", "command"), mark("cmd/a", "command")}, "two marks"},
		{[]Blocked{mark("cmd/a", "ports")}, "not a strict field"},
		{[]Blocked{mark("", "command")}, "not an expected main"},
		{[]Blocked{mark("cmd/c", "listen")}, "not an expected main"},
		{[]Blocked{mark("cmd/a", "mains")}, "not an expected main"},
		{[]Blocked{{Level: "run", Main: "cmd/a", Fault: "issue 11"}}, "but no field"},
		{[]Blocked{{Level: "build", Main: "cmd/a", Field: "listen", Fault: "issue 11"}}, "analysis-level"},
	} {
		err := Repo{Name: "svc", Mains: mains, Blocked: c.marks}.checkMarks()
		if c.err == "" && err != nil || c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)) {
			t.Errorf("%+v: error %v, want %q", c.marks, err, c.err)
		}
	}
	r := Repo{Name: "svc", Mains: mains, Blocked: []Blocked{mark("cmd/a", "command"), mark("cmd/b", "listen")}}
	got := r.BlockedFields()
	if _, ok := got[FieldMark{"cmd/a", "command"}]; !ok || len(got) != 2 {
		t.Errorf("marks %v", got)
	}
	if _, ok := got[FieldMark{"cmd/b", "command"}]; ok {
		t.Errorf("cmd/a's command mark covers cmd/b: %v", got)
	}
}
