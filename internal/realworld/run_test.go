package realworld

import (
	"strings"
	"testing"
)

func TestKnownGap(t *testing.T) {
	r := Repo{Name: "svc", Blocked: []Blocked{{Level: "run", Base: "scratch", Fault: "issue 11"}}}
	// A marked row's run problems are reported, not failed; earlier
	// (build) problems stay failures.
	row := Row{Problems: []string{"lint: x", "svc: no EXPOSE"}}
	knownGap(r, "scratch", &row, 1)
	if len(row.Problems) != 1 || row.Problems[0] != "lint: x" || row.Gap != "issue 11: svc: no EXPOSE" {
		t.Errorf("marked row: problems %q, gap %q", row.Problems, row.Gap)
	}
	// A marked row that runs fails, so the mark cannot go stale.
	row = Row{}
	knownGap(r, "scratch", &row, 0)
	if len(row.Problems) != 1 || !strings.Contains(row.Problems[0], "passes now") {
		t.Errorf("marked row that runs: problems %q", row.Problems)
	}
	// Another base is not marked: its run problems fail.
	row = Row{Problems: []string{"svc: no EXPOSE"}}
	knownGap(r, "alpine", &row, 0)
	if len(row.Problems) != 1 || row.Gap != "" {
		t.Errorf("unmarked base: problems %q, gap %q", row.Problems, row.Gap)
	}
}

// What a main needs from outside is its database, else its setup; the run
// level waits for the log the one or the other names.
func TestNeedOf(t *testing.T) {
	db := Main{Dir: "cmd/a", Database: Fact[string]{Value: "postgres"}}
	setup := Main{Dir: "cmd/b", Setup: &Fact[Setup]{Value: Setup{Needs: "a config file", Log: "config file not found"}}}
	bad := Main{Dir: "cmd/c", Setup: &Fact[Setup]{Value: Setup{Needs: "x", Log: "("}}}
	if n, err := needOf(db); err != nil || n == nil || n.runs != "tries postgres" || !n.log.MatchString("dial tcp 127.0.0.1:5432: connection refused") {
		t.Errorf("database: %+v, %v", n, err)
	}
	if n, err := needOf(setup); err != nil || n == nil || n.runs != "needs a config file" || !n.log.MatchString("ERROR: config file not found") || n.log.MatchString("listening on :20202") {
		t.Errorf("setup: %+v, %v", n, err)
	}
	if _, err := needOf(bad); err == nil {
		t.Error("a setup log that does not compile must be an error")
	}
	if n, err := needOf(Main{Dir: "."}); n != nil || err != nil {
		t.Errorf("nothing needed: %+v, %v", n, err)
	}
}

// The image runs the expected command line: its CMD starts with it.
func TestStartsWith(t *testing.T) {
	for _, c := range []struct {
		cmd, want []string
		ok        bool
	}{
		{[]string{"mount"}, []string{"mount"}, true},
		{[]string{"relay", "--ports", "9009"}, []string{"relay"}, true},
		{nil, nil, true},
		{[]string{"serve"}, []string{"relay"}, false},
		{nil, []string{"run"}, false},
	} {
		if got := startsWith(c.cmd, c.want); got != c.ok {
			t.Errorf("startsWith(%q, %q) = %v", c.cmd, c.want, got)
		}
	}
}
