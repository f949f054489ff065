package e2e

import (
	"context"
	"testing"

	"github.com/dockgen/dockgen/internal/realworld"
)

// TestRealWorld is the build and run levels of the real-world suite
// (internal/realworld): every repo × every base it can run on is generated,
// linted, built unedited with the stand-in images, and its binary checked;
// then the image is started with no arguments and must answer on its
// EXPOSEd ports as 65532, or say it tries to reach its database or stops
// for want of the outside setup its expectation names (setup).
// Like the rest of the suite it runs only with DOCKGEN_E2E=1: the sources
// and their modules come through the module proxy, minutes on a cold cache.
func TestRealWorld(t *testing.T) {
	e := setup(t) // skips without DOCKGEN_E2E=1
	repos, err := realworld.Repos()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var rows []realworld.Row
	for _, r := range repos {
		t.Run(r.Name, func(t *testing.T) {
			tree, err := realworld.Tree(ctx, r, true)
			if err != nil {
				t.Fatal(err)
			}
			ex, err := e.Analyze(ctx, r.Name, tree.Dir)
			if err != nil {
				t.Fatal(err)
			}
			for _, base := range r.Bases {
				t.Run(base, func(t *testing.T) {
					row := realworld.Build(ctx, e, r, ex, base)
					realworld.Run(ctx, e, r, ex, base, &row)
					rows = append(rows, row)
					if row.Blocked != "" && len(row.Problems) > 0 {
						t.Skipf("blocked by %s: %q", row.Blocked, row.Problems)
					}
					for _, p := range row.Problems {
						t.Error(p)
					}
					if row.Gap != "" {
						t.Logf("known run-level gap: %s", row.Gap)
					}
					t.Logf("%s %s: built %v in %.0fs, image %d B, %s, smoke %s, runs %s", r.Name, base, row.Built, row.Seconds, row.Image, row.Linking, row.Smoke, row.Runs)
				})
			}
		})
	}
	t.Logf("\n%s", realworld.Table(rows))
}
