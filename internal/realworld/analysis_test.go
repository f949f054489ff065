package realworld

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/dockgen/dockgen/internal/anacache"
	"github.com/dockgen/dockgen/internal/analyze"
	"github.com/dockgen/dockgen/internal/plan"
	"github.com/dockgen/dockgen/internal/realsrc"
)

// TestExpectationFiles checks the expectation files themselves: every
// expectation says where in the code it comes from.
func TestExpectationFiles(t *testing.T) {
	repos, err := Repos()
	if err != nil {
		t.Fatal(err)
	}
	if len(repos) < 12 {
		t.Errorf("%d repos, the suite needs at least 12", len(repos))
	}
	pos := regexp.MustCompile(`^[^ :]+:[0-9]+$`)
	for _, r := range repos {
		if r.Module == "" || r.Version == "" || len(r.Shapes) == 0 || len(r.Mains) == 0 || len(r.Bases) == 0 {
			t.Errorf("%s: module, version, shapes, mains and bases are required", r.Name)
		}
		froms := map[string][]string{"primary": r.Primary.From}
		for _, m := range r.Mains {
			froms[m.Dir+" (package)"] = []string{m.From}
			froms[m.Dir+" cgo"] = m.Cgo.From
			froms[m.Dir+" smoke"] = m.Smoke.From
			if m.CgoOptional.Value {
				froms[m.Dir+" cgo_optional"] = m.CgoOptional.From
			}
			if m.Generate.Value != "" {
				froms[m.Dir+" generate"] = m.Generate.From
			}
			if m.Setup != nil {
				froms[m.Dir+" setup"] = m.Setup.From
				if _, err := regexp.Compile(m.Setup.Value.Log); err != nil || m.Setup.Value.Log == "" || m.Setup.Value.Needs == "" {
					t.Errorf("%s: %s setup: needs and a log expression are required (%v)", r.Name, m.Dir, err)
				}
			}
			for field, f := range map[string][]string{"ports": m.Ports.From, "listen": m.Listen.From, "command": m.Command.From, "runtime_files": m.RuntimeFiles.From, "database": m.Database.From} {
				froms[m.Dir+" "+field] = f
			}
		}
		for what, from := range froms {
			if len(from) == 0 {
				t.Errorf("%s: %s: no file:line says where the expectation comes from", r.Name, what)
			}
			for _, f := range from {
				if !pos.MatchString(f) && f != "none" {
					t.Errorf("%s: %s: from %q is not FILE:LINE (or \"none\" when the code has nothing, e.g. no listen call)", r.Name, what, f)
				}
			}
		}
	}
}

// checkMismatches fails on strict mismatches, except those of fields the
// repo marks as known gaps, which are logged; and it fails on a marked
// field that matches, so that the marks cannot go stale.
func checkMismatches(t *testing.T, r Repo, mismatches []Mismatch) {
	t.Helper()
	marked := r.BlockedFields()
	missed := map[FieldMark]bool{}
	for _, m := range mismatches {
		k := FieldMark{m.Main, m.Field}
		b, known := marked[k]
		missed[k] = true
		switch {
		case m.Strict && known:
			t.Logf("known gap (%s: %s): %s", b.Fault, b.Why, m)
		case m.Strict:
			t.Errorf("%s", m)
		default:
			t.Logf("not yet (issue 11): %s", m)
		}
	}
	for k, b := range marked {
		if !missed[k] {
			t.Errorf("%s %s matches its expectation now although marked as a known gap (%s): remove the mark", k.Main, k.Field, b.Fault)
		}
	}
}

// TestAnalysis runs dockgen's analysis and default plan on every repo of the
// suite and compares them with the expectations: with the module cache,
// and again with an empty one (dependency sources missing), where cgo must
// still be right or said to be assumed.
func TestAnalysis(t *testing.T) {
	repos, err := Repos()
	if err != nil {
		t.Fatal(err)
	}
	fetch := FetchWanted()
	for _, r := range repos {
		t.Run(r.Name, func(t *testing.T) {
			if !fetch {
				t.Parallel()
			}
			dir := analysisTree(t, r, fetch)
			fsys := os.DirFS(dir)
			checkAnalysis(t, r, dir)
			checkEmptyModCache(t, r, fsys)
		})
	}
}

// analysisTree returns the directory of r's sources, skipping the test when
// they are not cached (and not fetched), cannot be had here, or r's analysis
// is blocked.
func analysisTree(t *testing.T, r Repo, fetch bool) string {
	t.Helper()
	tree, err := Tree(context.Background(), r, fetch)
	var fe *realsrc.FetchError
	switch {
	case errors.Is(err, ErrNotCached):
		t.Skipf("%v", err)
	case errors.As(err, &fe) && fe.Unavailable:
		t.Skipf("real sources cannot be had here: %v", err)
	case err != nil:
		t.Fatal(err)
	}
	if b, ok := r.BlockedAt("analysis", ""); ok {
		t.Skipf("blocked by %s: %s", b.Fault, b.Why)
	}
	return tree.Dir
}

// checkAnalysis analyzes r in dir with the module cache and plans it, and
// checks both against r's expectations. The analysis goes through an
// analysis cache of its own, and the second one, a hit, must be the same.
func checkAnalysis(t *testing.T, r Repo, dir string) {
	t.Helper()
	c := &anacache.Cache{Dir: t.TempDir(), Build: "test"}
	req := anacache.Request{Dir: dir, ModCacheDir: ModCache(), FS: os.DirFS(dir),
		Options: analyze.Options{Root: r.Name, ModCache: os.DirFS(ModCache())}}
	p, _, err := c.Analyze(req)
	if err != nil {
		t.Fatalf("analyze: %v", err)
	}
	if hit, out, err := c.Analyze(req); err != nil || !out.Hit || !reflect.DeepEqual(hit, p) {
		t.Errorf("the cached analysis (%s, error %v) is not the analysis", out, err)
	}
	pl, err := plan.Decide(p, plan.Choices{})
	if err != nil {
		t.Fatalf("plan: %v", err)
	}
	checkMismatches(t, r, Compare(r, p, pl))
}

// checkEmptyModCache checks fault 1: with no dependency source on disk,
// cgo is right, or assumed and said so; never silently off.
func checkEmptyModCache(t *testing.T, r Repo, fsys fs.FS) {
	t.Helper()
	empty, err := analyze.Analyze(fsys, analyze.Options{Root: r.Name})
	if err != nil {
		t.Fatalf("analyze with an empty module cache: %v", err)
	}
	for _, got := range empty.Mains {
		want, ok := r.Main(got.Dir)
		if !ok || !want.Cgo.Value || got.Cgo {
			continue
		}
		t.Errorf("%s: with an empty module cache cgo is off, but the binary needs it (%s)", got.Dir, want.Cgo.Why)
	}
	epl, err := plan.Decide(empty, plan.Choices{})
	if err != nil {
		t.Fatalf("plan with an empty module cache: %v", err)
	}
	for _, got := range empty.Mains {
		if !slices.ContainsFunc(epl.Finals, func(f plan.Final) bool { return f.Dir == got.Dir }) {
			continue // not built by default
		}
		if (got.CgoAssumed || got.CgoUnchecked) && !cgoWarned(epl) {
			t.Errorf("%s: cgo assumed or unchecked with sources missing, and the plan does not say so: %q", got.Dir, epl.Warnings)
		}
	}
}

// cgoWarned reports whether the plan warns about cgo.
func cgoWarned(pl *plan.Plan) bool {
	for _, w := range pl.Warnings {
		if strings.Contains(w, "cgo") {
			return true
		}
	}
	return false
}
