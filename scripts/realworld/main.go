// Command realworld prints the real-world suite's table: for every repo of
// internal/realworld × every base it can run on, whether dockgen generates,
// its lint findings, whether the image builds unedited (offline stand-in
// bases, loopback module proxy), the build's seconds, the image size, how
// the binary is linked, its smoke command, and the expectations the
// analysis misses.
//
//	go run ./scripts/realworld                     # fetches sources, needs Docker
//	go run ./scripts/realworld -no-build           # analysis columns only
//	go run ./scripts/realworld -dockgen /tmp/old   # the table of another dockgen
//	go run ./scripts/realworld -repos miniflux -base scratch  # one repo on one base
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"

	"github.com/dockgen/dockgen/e2e/harness"
	"github.com/dockgen/dockgen/internal/analyze"
	"github.com/dockgen/dockgen/internal/plan"
	"github.com/dockgen/dockgen/internal/realworld"
)

func main() {
	dockgen := flag.String("dockgen", "", "use this dockgen binary instead of one built from this tree")
	only := flag.String("repos", "", "comma-separated repo names (default: all)")
	noBuild := flag.Bool("no-build", false, "skip Docker: analysis and generate columns only")
	onlyBase := flag.String("base", "", "build on this base only (default: every base a repo can run on)")
	flag.Parse()
	if err := run(context.Background(), *dockgen, *only, *onlyBase, *noBuild); err != nil {
		fmt.Fprintln(os.Stderr, "realworld:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, dockgen, only, onlyBase string, noBuild bool) error {
	repos, err := realworld.Repos()
	if err != nil {
		return err
	}
	var env *harness.Env
	if !noBuild {
		if env, err = harness.OpenEnv(ctx, func(f string, a ...any) { fmt.Fprintf(os.Stderr, f+"\n", a...) }); err != nil {
			return fmt.Errorf("%w\n(or pass -no-build for the analysis columns only)", err)
		}
		defer env.Close()
		env.Standins.Logf = func(string, ...any) {}
	}
	bin, cleanup, err := dockgenBinary(dockgen, env)
	if err != nil {
		return err
	}
	defer cleanup()
	var rows []realworld.Row
	for _, r := range repos {
		if only != "" && !slices.Contains(strings.Split(only, ","), r.Name) {
			continue
		}
		fmt.Fprintf(os.Stderr, "== %s@%s\n", r.Module, r.Version)
		rs, err := repoRows(ctx, env, bin, r, onlyBase)
		if err != nil {
			return err
		}
		rows = append(rows, rs...)
	}
	fmt.Print(realworld.Table(rows))
	return nil
}

// dockgenBinary returns the dockgen to run: the one given, the one env
// built, or one built from this tree into a temporary directory that
// cleanup removes. env, when there is one, runs the same binary.
func dockgenBinary(dockgen string, env *harness.Env) (bin string, cleanup func(), err error) {
	cleanup = func() {}
	bin = dockgen
	if bin == "" && env != nil {
		bin = env.Dockgen
	}
	if bin == "" {
		tmp, err := os.MkdirTemp("", "realworld-")
		if err != nil {
			return "", nil, err
		}
		cleanup = func() { os.RemoveAll(tmp) }
		bin = tmp + "/dockgen"
		if out, err := exec.Command("go", "build", "-o", bin, "./cmd/dockgen").CombinedOutput(); err != nil {
			cleanup()
			return "", nil, fmt.Errorf("building dockgen: %v\n%s", err, out)
		}
	}
	if env != nil {
		env.Dockgen = bin
	}
	return bin, cleanup, nil
}

// repoRows makes the table rows of one repository, one per base (onlyBase
// alone when given): built and run with env, generated only without.
func repoRows(ctx context.Context, env *harness.Env, bin string, r realworld.Repo, onlyBase string) ([]realworld.Row, error) {
	tree, err := realworld.Tree(ctx, r, true)
	if err != nil {
		return nil, err
	}
	mismatches := analysisMismatches(ctx, bin, r, tree.Dir)
	var ex *harness.Example
	if env != nil {
		if ex, err = env.Analyze(ctx, r.Name, tree.Dir); err != nil {
			return nil, err
		}
	}
	var rows []realworld.Row
	for _, base := range r.Bases {
		if onlyBase != "" && base != onlyBase {
			continue
		}
		var row realworld.Row
		if env != nil {
			row = realworld.Build(ctx, env, r, ex, base)
			realworld.Run(ctx, env, r, ex, base, &row)
		} else {
			row = generateOnly(ctx, bin, r, tree.Dir, base)
		}
		row.Mismatches = mismatches
		for _, p := range row.Problems {
			fmt.Fprintf(os.Stderr, "   %s %s: %s\n", r.Name, base, p)
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// analysisMismatches compares `dockgen analyze --json` of the tree (and
// the default plan made from it) with the expectations.
func analysisMismatches(ctx context.Context, bin string, r realworld.Repo, dir string) string {
	cmd := exec.CommandContext(ctx, bin, "analyze", "--json", dir)
	out, err := cmd.Output()
	if err != nil {
		return "analyze fails"
	}
	var p analyze.Project
	if err := json.Unmarshal(out, &p); err != nil {
		return "analyze output unreadable"
	}
	pl, err := plan.Decide(&p, plan.Choices{})
	if err != nil {
		pl = nil
	}
	ms := realworld.Compare(r, &p, pl)
	for _, m := range ms {
		fmt.Fprintf(os.Stderr, "   %s mismatch: %s\n", r.Name, m)
	}
	return realworld.MismatchCount(ms)
}

// generateOnly runs dockgen generate into a copy's stdout, without Docker.
func generateOnly(ctx context.Context, bin string, r realworld.Repo, dir, base string) realworld.Row {
	row := realworld.Row{Repo: r.Name, Base: base, Smoke: "-", Runs: "-"}
	out, err := exec.CommandContext(ctx, bin, "generate", dir, "--base", base, "--output", "-").CombinedOutput()
	if err != nil {
		row.Problems = append(row.Problems, fmt.Sprintf("generate: %v\n%s", err, out))
		return row
	}
	row.Generated = true
	return row
}
