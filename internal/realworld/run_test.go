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
