// Command fuzz runs the project's fuzz tests one after another, each until
// it reaches a plateau: no new interesting input (new coverage) for -window,
// or until -max has passed, whichever comes first. It prints a Markdown
// table: per target, how long it ran, the executions, the corpus it started
// from, the new inputs it found and when the last one came, whether it
// reached the plateau, and any failure.
//
// The fuzzer keeps what it finds in the go command's cache
// (GOCACHE/fuzz/IMPORTPATH/NAME). With -commit, those inputs are copied
// into the package's testdata/fuzz/NAME, so that go test ./... replays them
// and the next run starts from them.
//
//	go run ./scripts/fuzz                                   # every Fuzz test under internal/
//	go run ./scripts/fuzz -targets FuzzLint,FuzzRead -window 3m -max 15m
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
	ran, lastNew time.Duration
	execs        int64
	start, found int // corpus entries at start, new interesting inputs found
	plateau      bool
	failure      string
	committed    int
	// perWindow counts the new inputs found in each -window of the run,
	// the curve that shows whether the target is levelling off.
	perWindow []int
}

// progressRE matches the fuzzer's progress line:
// "fuzz: elapsed: 3m0s, execs: 123 (41/sec), new interesting: 5 (total: 205)".
var progressRE = regexp.MustCompile(`^fuzz: elapsed: \S+, execs: (\d+) \(\d+/sec\), new interesting: (\d+) \(total: (\d+)\)`)

// fuzzFuncRE finds the fuzz tests of a test file.
var fuzzFuncRE = regexp.MustCompile(`(?m)^func (Fuzz\w+)\(\w+ \*testing\.F\)`)

func main() {
	only := flag.String("targets", "", "comma-separated fuzz test names (default: all)")
	window := flag.Duration("window", 5*time.Minute, "a target has reached its plateau after this long without a new interesting input")
	maxTime := flag.Duration("max", 20*time.Minute, "stop a target after this long even without a plateau")
	parallel := flag.Int("parallel", 1, "fuzzing processes per target (go test -parallel)")
	commit := flag.Bool("commit", false, "copy the inputs the fuzzer kept into testdata/fuzz")
	flag.Parse()
	if err := run(*only, *window, *maxTime, *parallel, *commit); err != nil {
		fmt.Fprintln(os.Stderr, "fuzz:", err)
		os.Exit(1)
	}
}

func run(only string, window, maxTime time.Duration, parallel int, commit bool) error {
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
		r, err := fuzz(ctx, t, window, maxTime, parallel)
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
	fmt.Print(table(results, window, maxTime, parallel))
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
func fuzz(ctx context.Context, t target, window, maxTime time.Duration, parallel int) (result, error) {
	r := result{target: t, start: -1}
	cmd := exec.Command("go", "test", "-run", "^$", "-fuzz", "^"+t.name+"$",
		"-fuzztime", maxTime.String(), "-parallel", strconv.Itoa(parallel), t.dir)
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
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	interrupt := func() { _ = syscall.Kill(-cmd.Process.Pid, syscall.SIGINT) }
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	lastNew, stopping := began, false
	for done := false; !done; {
		select {
		case line, ok := <-lines:
			if !ok {
				done = true
				break
			}
			log.WriteString(line + "\n")
			if m := progressRE.FindStringSubmatch(line); m != nil {
				r.execs, _ = strconv.ParseInt(m[1], 10, 64)
				found, _ := strconv.Atoi(m[2])
				total, _ := strconv.Atoi(m[3])
				if r.start < 0 {
					r.start = total - found
				}
				if found > r.found {
					r.found, lastNew = found, time.Now()
					i := int(time.Since(began) / window)
					for len(r.perWindow) <= i {
						r.perWindow = append(r.perWindow, 0)
					}
					r.perWindow[i] = found - sum(r.perWindow[:i])
				}
			}
		case <-tick.C:
			quiet := time.Since(lastNew) >= window && r.start >= 0
			if !stopping && (quiet || ctx.Err() != nil) {
				r.plateau, stopping = quiet, true
				interrupt()
			}
		}
	}
	err = cmd.Wait()
	r.ran, r.lastNew = time.Since(began), lastNew.Sub(began)
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

func sum(xs []int) int {
	n := 0
	for _, x := range xs {
		n += x
	}
	return n
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
	curve := make([]string, len(r.perWindow))
	for i, n := range r.perWindow {
		curve[i] = strconv.Itoa(n)
	}
	return fmt.Sprintf("| %s (%s) | %s | %d | %d | %d | %s | %s | %s | %d | %s |",
		r.name, strings.TrimPrefix(r.dir, "./internal/"), r.ran.Round(time.Second), r.execs, r.start, r.found,
		strings.Join(curve, ", "), r.lastNew.Round(time.Second), plateau, r.committed, failure)
}

func table(results []result, window, maxTime time.Duration, parallel int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Plateau: no new interesting input for %s (at most %s per target, -parallel %d).\n\n", window, maxTime, parallel)
	fmt.Fprintf(&b, "| target | ran | execs | corpus at start | new inputs | new per %s | last new at | plateau | committed | failure |\n", window)
	b.WriteString("|---|---|---|---|---|---|---|---|---|---|\n")
	for _, r := range results {
		b.WriteString(row(r) + "\n")
	}
	return b.String()
}
