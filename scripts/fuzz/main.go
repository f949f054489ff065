// Command fuzz runs the project's fuzz tests one after another, each until
// it reaches a plateau, or until -max has passed, whichever comes first.
//
// The plateau is measured on coverage, not on inputs: the fuzzer (run with
// GODEBUG=fuzzdebug=1) reports the coverage bits it has seen, and a target
// has levelled off when the last -window of fuzzing added fewer than -flat
// percent of them. Counting inputs instead never levels off on a parser:
// the Go fuzzer keeps an input whenever one more edge's hit count moves to
// a new bucket (a loop run 9 times instead of 8), a bit at a time for as
// long as it runs. Windows are counted from the end of the warm-up (the
// baseline coverage of the corpus), so a large corpus does not eat them.
//
// It prints a Markdown table: per target, how long it ran, the executions,
// the corpus it started from, the new inputs it found, the coverage bits
// at the start and the end with the bits each window added, when the last
// new input came, whether it reached the plateau, and any failure.
//
// The fuzzer keeps what it finds in the go command's cache
// (GOCACHE/fuzz/IMPORTPATH/NAME). With -commit, those inputs are copied
// into the package's testdata/fuzz/NAME, so that go test ./... replays them
// and the next run starts from them.
//
//	go run ./scripts/fuzz                                   # every Fuzz test under internal/
//	go run ./scripts/fuzz -targets FuzzLint,FuzzRead -window 5m -max 15m
//	go run ./scripts/fuzz -commit                           # and keep the corpus
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
	ran, lastNew time.Duration // lastNew from the end of the warm-up
	execs        int64
	start, found int // corpus entries at start, new interesting inputs found
	// bitsStart is the coverage of the corpus after the warm-up, bits the
	// coverage when the run ended (coverage bits: edges × hit-count
	// buckets).
	bitsStart, bits int
	plateau         bool
	failure         string
	committed       int
	// perWindow counts the new inputs and bitsPerWindow the coverage bits
	// found in each -window after the warm-up: the curves that show
	// whether the target is levelling off.
	perWindow, bitsPerWindow []int
}

// coverage is the coverage bits of a run over time.
type coverage struct {
	warm   time.Time // the end of the warm-up; zero until then
	points []bitsAt  // after each new input
}

type bitsAt struct {
	t    time.Time
	bits int
}

// at returns the coverage bits at time t.
func (c *coverage) at(t time.Time, start int) int {
	bits := start
	for _, p := range c.points {
		if p.t.After(t) {
			break
		}
		bits = p.bits
	}
	return bits
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
	window := flag.Duration("window", 10*time.Minute, "a target has reached its plateau when this long added fewer than -flat percent of its coverage")
	flat := flag.Float64("flat", 0.1, "coverage growth over the last -window, in percent, below which a target has levelled off")
	maxTime := flag.Duration("max", 20*time.Minute, "stop a target after this long even without a plateau")
	parallel := flag.Int("parallel", 1, "fuzzing processes per target (go test -parallel)")
	commit := flag.Bool("commit", false, "copy the inputs the fuzzer kept into testdata/fuzz")
	flag.Parse()
	if err := run(*only, plateau{*window, *flat}, *maxTime, *parallel, *commit); err != nil {
		fmt.Fprintln(os.Stderr, "fuzz:", err)
		os.Exit(1)
	}
}

// plateau says when a target has levelled off: the last window added
// fewer than flat percent of its coverage bits.
type plateau struct {
	window time.Duration
	flat   float64
}

func run(only string, pl plateau, maxTime time.Duration, parallel int, commit bool) error {
	targets, err := findTargets("internal")
	if err != nil {
		return err
	}
	if only != "" {
		names := strings.Split(only, ",")
		targets = slices.DeleteFunc(targets, func(t target) bool { return !slices.Contains(names, t.name) })
	}
	if len(targets) == 0 {
		return errors.New("no fuzz test matches")
	}
	gocache, err := goEnv("GOCACHE")
	if err != nil {
		return err
	}
	ctx, stop := signalContext()
	defer stop()
	var results []result
	failed := false
	for _, t := range targets {
		r, err := fuzz(ctx, t, pl, maxTime, parallel)
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
func fuzz(ctx context.Context, t target, pl plateau, maxTime time.Duration, parallel int) (result, error) {
	r := result{target: t, start: -1, bitsStart: -1}
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
	var cov coverage
	lastNew, stopping := began, false
	for done := false; !done; {
		select {
		case line, ok := <-lines:
			if !ok {
				done = true
				break
			}
			log.WriteString(line + "\n")
			if r.read(line, &cov, pl.window) {
				lastNew = time.Now()
			}
		case <-tick.C:
			level := r.levelled(&cov, pl)
			if !stopping && (level || ctx.Err() != nil) {
				r.plateau, stopping = level, true
				interrupt()
			}
		}
	}
	err = cmd.Wait()
	r.ran = time.Since(began)
	if !cov.warm.IsZero() {
		r.lastNew = max(0, lastNew.Sub(cov.warm))
		// The windows that found nothing count too, the last one partial.
		n := int((time.Since(cov.warm)-time.Second)/pl.window) + 1
		r.perWindow, r.bitsPerWindow = padded(r.perWindow, n), padded(r.bitsPerWindow, n)
	}
	if err != nil && !stopping {
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

// read takes in one line of the fuzzer's output, and reports whether it
// says a new input was found.
func (r *result) read(line string, cov *coverage, window time.Duration) bool {
	if m := initialBitsRE.FindStringSubmatch(line); m != nil {
		r.bitsStart, _ = strconv.Atoi(m[1])
		r.bits = r.bitsStart
		cov.warm = time.Now()
		return false
	}
	if m := totalBitsRE.FindStringSubmatch(line); m != nil && !cov.warm.IsZero() {
		bits, _ := strconv.Atoi(m[1])
		cov.points = append(cov.points, bitsAt{time.Now(), bits})
		i := int(time.Since(cov.warm) / window)
		for len(r.bitsPerWindow) <= i {
			r.bitsPerWindow = append(r.bitsPerWindow, 0)
		}
		r.bitsPerWindow[i] += bits - r.bits
		r.bits = bits
		return false
	}
	m := progressRE.FindStringSubmatch(line)
	if m == nil {
		return false
	}
	r.execs, _ = strconv.ParseInt(m[1], 10, 64)
	found, _ := strconv.Atoi(m[2])
	total, _ := strconv.Atoi(m[3])
	if r.start < 0 {
		r.start = total - found
	}
	if found <= r.found {
		return false
	}
	i := 0
	if !cov.warm.IsZero() {
		i = int(time.Since(cov.warm) / window)
	}
	for len(r.perWindow) <= i {
		r.perWindow = append(r.perWindow, 0)
	}
	r.perWindow[i] += found - r.found
	r.found = found
	return true
}

// levelled reports whether the last window after the warm-up added fewer
// than pl.flat percent of the coverage bits.
func (r *result) levelled(cov *coverage, pl plateau) bool {
	if cov.warm.IsZero() || time.Since(cov.warm) < pl.window {
		return false
	}
	gained := r.bits - cov.at(time.Now().Add(-pl.window), r.bitsStart)
	return float64(gained) < pl.flat/100*float64(r.bits)
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
	last := "none"
	if r.found > 0 {
		last = r.lastNew.Round(time.Second).String()
	}
	return fmt.Sprintf("| %s (%s) | %s | %d | %d | %d | %s | %d → %d | %s | %s | %s | %d | %s |",
		r.name, strings.TrimPrefix(r.dir, "./internal/"), r.ran.Round(time.Second), r.execs, r.start, r.found,
		curve(r.perWindow), r.bitsStart, r.bits, curve(r.bitsPerWindow), last, plateau, r.committed, failure)
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
	fmt.Fprintf(&b, "Plateau: the last %s of fuzzing added less than %g%% of the coverage bits (at most %s per target, -parallel %d; windows from the end of the warm-up).\n\n", pl.window, pl.flat, maxTime, parallel)
	fmt.Fprintf(&b, "| target | ran | execs | corpus at start | new inputs | new inputs per %s | coverage bits start → end | new bits per %s | last new input at | plateau | committed | failure |\n", pl.window, pl.window)
	b.WriteString("|---|---|--:|--:|--:|---|---|---|---|---|--:|---|\n")
	for _, r := range results {
		b.WriteString(row(r) + "\n")
	}
	return b.String()
}
