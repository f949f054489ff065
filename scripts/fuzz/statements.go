package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Statement coverage is the second measure of a plateau. Coverage bits
// count hit-count buckets, so a loop that runs once more is new coverage,
// and on a parser they grow for hours. Statements covered by the corpus do
// not: a statement is either reached by some input or not. The fuzzer
// keeps every input that adds a bit, and an input that reaches a new
// statement always adds one, so replaying the inputs kept by time T gives
// the statements the fuzzer had reached at T. The inputs' modification
// times say when each was found.

// input is one file of a target's corpus and when the fuzzer found it.
type input struct {
	path  string
	found time.Time // zero for inputs older than the fuzzer's cache
}

// corpus lists t's inputs: those the fuzzer keeps in its cache, found at
// their modification times, and the committed ones it does not hold, found
// before any run, but for those written after fresh (the failing input of
// the run that began then), found at their modification times too.
func corpus(gocache string, t target, fresh time.Time) ([]input, error) {
	importPath, err := goListImportPath(t.dir)
	if err != nil {
		return nil, err
	}
	var out []input
	seen := map[string]bool{}
	cache := filepath.Join(gocache, "fuzz", filepath.FromSlash(importPath), t.name)
	entries, err := os.ReadDir(cache)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	for _, e := range entries {
		info, err := e.Info()
		if err != nil {
			return nil, err
		}
		if info.Mode().IsRegular() {
			out = append(out, input{filepath.Join(cache, e.Name()), info.ModTime()})
			seen[e.Name()] = true
		}
	}
	committed := filepath.Join(filepath.FromSlash(strings.TrimPrefix(t.dir, "./")), "testdata", "fuzz", t.name)
	entries, err = os.ReadDir(committed)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	for _, e := range entries {
		if seen[e.Name()] || !e.Type().IsRegular() {
			continue
		}
		path, err := filepath.Abs(filepath.Join(committed, e.Name()))
		if err != nil {
			return nil, err
		}
		info, err := e.Info()
		if err != nil {
			return nil, err
		}
		in := input{path: path}
		if info.ModTime().After(fresh) {
			in.found = info.ModTime()
		}
		out = append(out, in)
	}
	return out, nil
}

// statementMeter measures the statements t's corpus reaches: it builds
// t's test with coverage of every non-standard package it links (the code
// the fuzzer instruments) once, and replays the corpus on demand.
type statementMeter struct {
	ctx     context.Context
	gocache string
	t       target
	scratch string
	bin     string
	runs    int
	// began is when the meter was made, before the run it measures:
	// committed inputs written after it are the run's.
	began time.Time
}

func newStatementMeter(ctx context.Context, gocache string, t target) (*statementMeter, error) {
	began := time.Now()
	scratch, err := os.MkdirTemp("", "fuzz-statements-")
	if err != nil {
		return nil, err
	}
	bin, err := coverBinary(ctx, t, scratch)
	if err != nil {
		os.RemoveAll(scratch)
		return nil, err
	}
	return &statementMeter{ctx: ctx, gocache: gocache, t: t, scratch: scratch, bin: bin, began: began}, nil
}

// at returns the statements reached by the inputs found by when.
func (m *statementMeter) at(when time.Time) (int, error) {
	inputs, err := corpus(m.gocache, m.t, m.began)
	if err != nil {
		return 0, err
	}
	m.runs++
	dir := filepath.Join(m.scratch, strconv.Itoa(m.runs))
	defer os.RemoveAll(dir)
	return replay(m.ctx, m.bin, m.t.name, inputs, when, dir)
}

func (m *statementMeter) close() { os.RemoveAll(m.scratch) }

// statementCurve returns the statements t's corpus reached at each of the
// given times.
func statementCurve(ctx context.Context, gocache string, t target, at []time.Time) ([]int, error) {
	m, err := newStatementMeter(ctx, gocache, t)
	if err != nil {
		return nil, err
	}
	defer m.close()
	out := make([]int, len(at))
	for i, when := range at {
		if out[i], err = m.at(when); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// coverBinary builds t's test binary with statement coverage of the
// non-standard packages it links, into dir.
func coverBinary(ctx context.Context, t target, dir string) (string, error) {
	list, err := exec.CommandContext(ctx, "go", "list", "-deps", "-test",
		"-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", t.dir).Output()
	if err != nil {
		return "", fmt.Errorf("go list -deps %s: %w", t.dir, err)
	}
	var pkgs []string
	for _, p := range strings.Split(string(list), "\n") {
		// Skip the test variants ("p [p.test]", "p_test [p.test]") and the
		// generated main (p.test).
		if p != "" && !strings.Contains(p, " ") && !strings.HasSuffix(p, ".test") {
			pkgs = append(pkgs, p)
		}
	}
	bin := filepath.Join(dir, t.name+".test")
	cmd := exec.CommandContext(ctx, "go", "test", "-c", "-o", bin, "-covermode", "set",
		"-coverpkg", strings.Join(pkgs, ","), t.dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go test -c -cover %s: %w\n%s", t.dir, err, out)
	}
	return bin, nil
}

// replay runs the test binary on the inputs found by when, from a scratch
// working directory whose testdata/fuzz holds just those, and returns the
// statements covered.
func replay(ctx context.Context, bin, name string, inputs []input, when time.Time, dir string) (int, error) {
	corpusDir := filepath.Join(dir, "testdata", "fuzz", name)
	if err := os.MkdirAll(corpusDir, 0o755); err != nil {
		return 0, err
	}
	for _, in := range inputs {
		if in.found.After(when) {
			continue
		}
		if err := os.Symlink(in.path, filepath.Join(corpusDir, filepath.Base(in.path))); err != nil {
			return 0, err
		}
	}
	profile := filepath.Join(dir, "cover.out")
	cmd := exec.CommandContext(ctx, bin, "-test.run", "^"+name+"$", "-test.coverprofile", profile)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		return 0, fmt.Errorf("replaying %s's corpus: %w\n%s", name, err, out)
	}
	return coveredStatements(profile)
}

// coveredStatements counts the statements a coverage profile marks as run.
// A block listed more than once counts once.
func coveredStatements(profile string) (int, error) {
	f, err := os.Open(profile)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	type block struct {
		stmts int
		run   bool
	}
	blocks := map[string]block{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) != 3 || strings.HasPrefix(fields[0], "mode:") {
			continue
		}
		stmts, err1 := strconv.Atoi(fields[1])
		count, err2 := strconv.Atoi(fields[2])
		if err1 != nil || err2 != nil {
			return 0, fmt.Errorf("%s: malformed line %q", profile, sc.Text())
		}
		b := blocks[fields[0]]
		blocks[fields[0]] = block{stmts, b.run || count > 0}
	}
	if err := sc.Err(); err != nil {
		return 0, err
	}
	n := 0
	for _, b := range blocks {
		if b.run {
			n += b.stmts
		}
	}
	return n, nil
}

// statementsSince prints, for each target, the statements its corpus
// covered at every window from since to now: the curve of runs that are
// over, from the times their inputs were found.
func statementsSince(only, since string, window time.Duration) error {
	from, err := time.Parse(time.RFC3339, since)
	if err != nil {
		return fmt.Errorf("-since: %w", err)
	}
	targets, gocache, err := selectTargets(only)
	if err != nil {
		return err
	}
	ctx, stop := signalContext()
	defer stop()
	var at []time.Time
	for t := from; t.Before(time.Now()); t = t.Add(window) {
		at = append(at, t)
	}
	at = append(at, time.Now())
	fmt.Printf("Statements covered by each corpus as it stood at %s and every %s after, to now.\n\n", from.Format(time.RFC3339), window)
	fmt.Printf("| target | statements at start | new statements per %s | statements now |\n|---|--:|---|--:|\n", window)
	for _, t := range targets {
		n, err := statementCurve(ctx, gocache, t, at)
		if err != nil {
			return err
		}
		fmt.Printf("| %s | %d | %s | %d |\n", t.name, n[0], curve(deltas(n)), n[len(n)-1])
	}
	return nil
}

// deltas returns the growth from each entry of xs to the next.
func deltas(xs []int) []int {
	var out []int
	for i := 1; i < len(xs); i++ {
		out = append(out, xs[i]-xs[i-1])
	}
	return out
}
