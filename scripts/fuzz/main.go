// Command fuzz runs the project's fuzz tests one after another, each until
// it reaches a plateau, or until -max has passed, whichever comes first.
//
// The plateau is measured on the statements the corpus reaches: at the end
// of every -window, the inputs the fuzzer has kept are replayed under a
// coverage build, and a target has levelled off when -plateau has passed
// without a new statement. The coverage bits the fuzzer itself reports
// (run with GODEBUG=fuzzdebug=1) are shown too, but they are edges ×
// hit-count buckets: the fuzzer keeps an input whenever a loop runs once
// more than before, so on a parser they grow for hours after the last new
// statement, and counting inputs grows the same way. Windows are counted
// from the end of the warm-up (the replay of the corpus), so a large
// corpus does not eat them.
//
// It prints a Markdown table: per target, how long it ran, the executions,
// the corpus it started from, the new inputs it found, the statements and
// the coverage bits at the start and the end with what each window added,
// whether it reached the plateau, and any failure.
//
// The fuzzer keeps what it finds in the go command's cache
// (GOCACHE/fuzz/IMPORTPATH/NAME). With -commit, those inputs are copied
// into the package's testdata/fuzz/NAME, so that go test ./... replays them
// and the next run starts from them. With -since, it does not fuzz, but
// prints the statement curve of past runs from when their inputs were
// found.
//
//	go run ./scripts/fuzz                                   # every Fuzz test under internal/
//	go run ./scripts/fuzz -targets FuzzLint,FuzzRead -plateau 20m -max 1h
//	go run ./scripts/fuzz -commit                           # and keep the corpus
//	go run ./scripts/fuzz -since 2026-12-02T14:00:00Z       # curves of the runs since then
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/dockgen/dockgen/internal/realsrc"
)

// target is one fuzz test.
type target struct {
	dir  string // package directory, relative to the module root ("./internal/lint")
	name string // FuzzLint
}

// result is what one run of a target did.
type result struct {
	target
	ran          time.Duration
	execs        int64
	start, found int // corpus entries at start, new interesting inputs found
	// stmts is the statements the corpus reached after the warm-up and at
	// the end of each window since, the last one partial when the run
	// stopped between two.
	stmts []int
	// bitsStart is the coverage of the corpus after the warm-up, bits the
	// coverage when the run ended (coverage bits: edges × hit-count
	// buckets), and bitsPerWindow what each -window after the warm-up
	// added.
	bitsStart, bits int
	bitsPerWindow   []int
	plateau         bool
	failure         string
	committed       int
}

// progressRE matches the fuzzer's progress line:
// "fuzz: elapsed: 3m0s, execs: 123 (41/sec), new interesting: 5 (total: 205)".
var progressRE = regexp.MustCompile(`^fuzz: elapsed: \S+, execs: (\d+) \(\d+/sec\), new interesting: (\d+) \(total: (\d+)\)`)

// The fuzzer's debug lines (GODEBUG=fuzzdebug=1) that give its coverage.
var (
	initialBitsRE = regexp.MustCompile(`DEBUG finished processing input corpus, entries: \d+, initial coverage bits: (\d+)`)
	totalBitsRE   = regexp.MustCompile(`DEBUG new interesting input, .* total bits: (\d+),`)
)

// fuzzFuncRE finds the fuzz tests of a test file.
var fuzzFuncRE = regexp.MustCompile(`(?m)^func (Fuzz\w+)\(\w+ \*testing\.F\)`)

func main() {
	only := flag.String("targets", "", "comma-separated fuzz test names (default: all)")
	window := flag.Duration("window", 10*time.Minute, "how often the statements the corpus reaches are measured")
	quiet := flag.Duration("plateau", 30*time.Minute, "a target has levelled off when its corpus has reached no new statement for this long (a multiple of -window)")
	maxTime := flag.Duration("max", 90*time.Minute, "stop a target after this long even without a plateau")
	parallel := flag.Int("parallel", 1, "fuzzing processes per target (go test -parallel)")
	commit := flag.Bool("commit", false, "copy the inputs the fuzzer kept into testdata/fuzz")
	since := flag.String("since", "", "do not fuzz: replay each target's corpus as it stood at every -window from this time (RFC 3339) to now, and print the statements it reached")
	flag.Parse()
	var err error
	switch {
	case *window <= 0 || *quiet < *window || *quiet%*window != 0:
		err = errors.New("-window must be positive and -plateau a multiple of it")
	case *since != "":
		err = statementsSince(*only, *since, *window)
	default:
		err = run(*only, plateau{*window, int(*quiet / *window)}, *maxTime, *parallel, *commit)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "fuzz:", err)
		os.Exit(1)
	}
}

// plateau says when a target has levelled off: the last windows reached
// no new statement.
type plateau struct {
	window  time.Duration
	windows int
}

// levelled reports whether the last pl.windows windows reached no new
// statement.
func (pl plateau) levelled(stmts []int) bool {
	n := len(stmts)
	return n > pl.windows && stmts[n-1] == stmts[n-1-pl.windows]
}

func run(only string, pl plateau, maxTime time.Duration, parallel int, commit bool) error {
	targets, gocache, err := selectTargets(only)
	if err != nil {
		return err
	}
	ctx, stop := signalContext()
	defer stop()
	var results []result
	failed := false
	for _, t := range targets {
		r, err := fuzz(ctx, gocache, t, pl, maxTime, parallel)
		if err != nil && ctx.Err() != nil {
			break // interrupted before it ran: print the table of those done
		}
		if err != nil {
			return err
		}
		if commit {
			if r.committed, err = commitCorpus(gocache, t); err != nil {
				return err
			}
		}
		failed = failed || r.failure != ""
		results = append(results, r)
		fmt.Fprintf(os.Stderr, "fuzz: %s done: %s\n", t.name, row(r))
		if ctx.Err() != nil {
			break
		}
	}
	fmt.Print(table(results, pl, maxTime, parallel))
	if failed {
		return errors.New("a fuzz test failed")
	}
	return nil
}

// selectTargets returns the fuzz tests named in only (comma-separated), or
// all of them, and the go command's cache, which holds their corpora.
func selectTargets(only string) ([]target, string, error) {
	targets, err := findTargets("internal")
	if err != nil {
		return nil, "", err
	}
	if only != "" {
		names := strings.Split(only, ",")
		targets = slices.DeleteFunc(targets, func(t target) bool { return !slices.Contains(names, t.name) })
	}
	if len(targets) == 0 {
		return nil, "", errors.New("no fuzz test matches")
	}
	gocache, err := goEnv("GOCACHE")
	return targets, gocache, err
}

// findTargets lists the fuzz tests of the packages under root.
func findTargets(root string) ([]target, error) {
	var out []target
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == "testdata" {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range fuzzFuncRE.FindAllSubmatch(data, -1) {
			out = append(out, target{dir: "./" + filepath.ToSlash(filepath.Dir(path)), name: string(m[1])})
		}
		return nil
	})
	return out, err
}

// fuzz runs one target until its plateau, its time limit or an interrupt.
func fuzz(ctx context.Context, gocache string, t target, pl plateau, maxTime time.Duration, parallel int) (result, error) {
	r := result{target: t, start: -1, bitsStart: -1}
	meter, err := newStatementMeter(ctx, gocache, t)
	if err != nil {
		if ctx.Err() == nil {
			// A test that does not build is this target's failure, not
			// the end of the run.
			r.failure = strings.ReplaceAll(strings.TrimSpace(err.Error()), "\n", "; ")
			err = nil
		}
		return r, err
	}
	defer meter.close()
	cmd := exec.Command("go", "test", "-run", "^$", "-fuzz", "^"+t.name+"$",
		"-fuzztime", maxTime.String(), "-parallel", strconv.Itoa(parallel), t.dir)
	cmd.Env = append(os.Environ(), "GODEBUG="+strings.TrimPrefix(os.Getenv("GODEBUG")+",fuzzdebug=1", ","))
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return r, err
	}
	cmd.Stderr = cmd.Stdout
	began := time.Now()
	if err := cmd.Start(); err != nil {
		return r, err
	}
	lines := make(chan string)
	var log strings.Builder
	go func() {
		sc := bufio.NewScanner(out)
		sc.Buffer(make([]byte, 64*1024), 1024*1024)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	interrupt := func() { _ = syscall.Kill(-cmd.Process.Pid, syscall.SIGINT) }
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	var warm time.Time // the end of the warm-up; zero until then
	var measureErr error
	stopping := false
	for done := false; !done; {
		select {
		case line, ok := <-lines:
			if !ok {
				done = true
				break
			}
			log.WriteString(line + "\n")
			r.read(line, &warm, pl.window)
		case <-tick.C:
			if !stopping && ctx.Err() != nil {
				stopping = true
				interrupt()
			}
			if stopping || warm.IsZero() {
				break
			}
			// The statements at the end of the warm-up, then at the end of
			// each window.
			if next := warm.Add(time.Duration(len(r.stmts)) * pl.window); !time.Now().Before(next) {
				n, err := meter.at(next)
				if err != nil {
					measureErr, stopping = err, true
					interrupt()
					break
				}
				r.stmts = append(r.stmts, n)
			}
			if r.plateau = pl.levelled(r.stmts); r.plateau {
				stopping = true
				interrupt()
			}
		}
	}
	err = cmd.Wait()
	end := time.Now()
	r.ran = end.Sub(began)
	if measureErr != nil && ctx.Err() == nil {
		return r, measureErr
	}
	failed := err != nil && !stopping
	switch {
	case warm.IsZero():
	case r.plateau:
		// Stopped right after the window that showed it: no partial one.
		r.bitsPerWindow = padded(r.bitsPerWindow, len(r.stmts)-1)
	default:
		// The windows that found nothing count too, the last one partial.
		r.bitsPerWindow = padded(r.bitsPerWindow, int((end.Sub(warm)-time.Second)/pl.window)+1)
		// After a failure the failing input, written beside the committed
		// corpus, would fail the replay too.
		if !failed {
			if n, err := meter.at(end); err == nil {
				r.stmts = append(r.stmts, n)
			} else if ctx.Err() == nil {
				return r, err
			}
		}
	}
	if failed {
		r.failure = failureOf(log.String())
		// The whole output, for a failure the summary lines do not explain.
		name := filepath.Join(os.TempDir(), "fuzz-"+t.name+".log")
		if werr := os.WriteFile(name, []byte(log.String()), 0o644); werr == nil {
			r.failure += " (log: " + name + ")"
		}
	}
	return r, nil
}

// padded returns xs with zeros added up to n entries.
func padded(xs []int, n int) []int {
	for len(xs) < n {
		xs = append(xs, 0)
	}
	return xs
}

// read takes in one line of the fuzzer's output.
func (r *result) read(line string, warm *time.Time, window time.Duration) {
	if m := initialBitsRE.FindStringSubmatch(line); m != nil {
		r.bitsStart, _ = strconv.Atoi(m[1])
		r.bits = r.bitsStart
		*warm = time.Now()
		return
	}
	if m := totalBitsRE.FindStringSubmatch(line); m != nil && !warm.IsZero() {
		bits, _ := strconv.Atoi(m[1])
		i := int(time.Since(*warm) / window)
		r.bitsPerWindow = padded(r.bitsPerWindow, i+1)
		r.bitsPerWindow[i] += bits - r.bits
		r.bits = bits
		return
	}
	if m := progressRE.FindStringSubmatch(line); m != nil {
		r.execs, _ = strconv.ParseInt(m[1], 10, 64)
		r.found, _ = strconv.Atoi(m[2])
		total, _ := strconv.Atoi(m[3])
		if r.start < 0 {
			r.start = total - r.found
		}
	}
}

// failureOf picks the lines that say why a fuzz run failed.
func failureOf(log string) string {
	var keep []string
	for _, line := range strings.Split(log, "\n") {
		if strings.Contains(line, "--- FAIL") || strings.Contains(line, "Failing input written") || strings.Contains(line, "panic:") {
			keep = append(keep, strings.TrimSpace(line))
		}
	}
	if len(keep) == 0 {
		lines := strings.Split(strings.TrimSpace(log), "\n")
		keep = lines[max(0, len(lines)-3):]
	}
	return strings.Join(keep, "; ")
}

// commitCorpus copies the inputs the fuzzer kept for t into its testdata,
// and returns how many were new there.
func commitCorpus(gocache string, t target) (int, error) {
	importPath, err := goListImportPath(t.dir)
	if err != nil {
		return 0, err
	}
	from := filepath.Join(gocache, "fuzz", filepath.FromSlash(importPath), t.name)
	to := filepath.Join(filepath.FromSlash(strings.TrimPrefix(t.dir, "./")), "testdata", "fuzz", t.name)
	entries, err := os.ReadDir(from)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	if err := os.MkdirAll(to, 0o755); err != nil {
		return 0, err
	}
	n := 0
	for _, e := range entries {
		dst := filepath.Join(to, e.Name())
		if _, err := os.Stat(dst); err == nil || e.IsDir() {
			continue
		}
		if err := realsrc.CopyFile(filepath.Join(from, e.Name()), dst, 0o644); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

func goEnv(name string) (string, error) {
	out, err := exec.Command("go", "env", name).Output()
	if err != nil {
		return "", fmt.Errorf("go env %s: %w", name, err)
	}
	return strings.TrimSpace(string(out)), nil
}

func goListImportPath(dir string) (string, error) {
	out, err := exec.Command("go", "list", dir).Output()
	if err != nil {
		return "", fmt.Errorf("go list %s: %w", dir, err)
	}
	return strings.TrimSpace(string(out)), nil
}

// signalContext is cancelled by the first interrupt, so that the running
// target is stopped and the table of those done is still printed.
func signalContext() (context.Context, func()) {
	ctx, cancel := context.WithCancel(context.Background())
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	go func() {
		select {
		case <-sig:
			cancel()
		case <-ctx.Done():
		}
	}()
	return ctx, cancel
}

func row(r result) string {
	plateau := "no"
	if r.plateau {
		plateau = "yes"
	}
	failure := "none"
	if r.failure != "" {
		failure = r.failure
	}
	stmts := "–"
	if len(r.stmts) > 0 {
		stmts = fmt.Sprintf("%d → %d", r.stmts[0], r.stmts[len(r.stmts)-1])
	}
	start, bits := "–", "–"
	if r.start >= 0 {
		start = strconv.Itoa(r.start) // the fuzzer got as far as its first progress line
	}
	if r.bitsStart >= 0 {
		bits = fmt.Sprintf("%d → %d", r.bitsStart, r.bits)
	}
	return fmt.Sprintf("| %s (%s) | %s | %d | %s | %d | %s | %s | %s | %s | %s | %d | %s |",
		r.name, strings.TrimPrefix(r.dir, "./internal/"), r.ran.Round(time.Second), r.execs, start, r.found,
		stmts, curve(deltas(r.stmts)), bits, curve(r.bitsPerWindow), plateau, r.committed, failure)
}

// curve writes counts per window: "26, 14, 9".
func curve(xs []int) string {
	s := make([]string, len(xs))
	for i, n := range xs {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ", ")
}

func table(results []result, pl plateau, maxTime time.Duration, parallel int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Plateau: no new statement reached for %s (at most %s per target, -parallel %d; windows of %s from the end of the warm-up, the last one partial).\n\n",
		time.Duration(pl.windows)*pl.window, maxTime, parallel, pl.window)
	fmt.Fprintf(&b, "| target | ran | execs | corpus at start | new inputs | statements start → end | new statements per %s | coverage bits start → end | new bits per %s | plateau | committed | failure |\n", pl.window, pl.window)
	b.WriteString("|---|---|--:|--:|--:|---|---|---|---|---|--:|---|\n")
	for _, r := range results {
		b.WriteString(row(r) + "\n")
	}
	return b.String()
}
