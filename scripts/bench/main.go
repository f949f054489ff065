// Command bench times dockgen's analyzer against the go command on real
// public repositories and prints a Markdown table: per repository, the
// median of warm runs of the full analysis (dockgen analyze --json, run
// through the command line) against `go list -e -deps ./...`, of finding
// the main packages only against `go list -e -find ./...`, each with the
// analysis cache off (the first analysis of a tree) and on (the cache
// primed by the untimed warm-up run, as after any earlier analysis of the
// unchanged tree), the ratios, and the peak resident memory of each
// process.
//
// The sources come through the Go module proxy and are cached (package
// realsrc); vendored repositories are re-vendored, the others have their
// requirements downloaded into the module cache first, and the go.work
// monorepo is assembled from its modules. Every timed run is a separate
// process (this program runs itself for dockgen's side), so that peak
// memory is each process's own, read from wait4's rusage.
//
//	go run ./scripts/bench                         # all repositories, 3 runs each
//	go run ./scripts/bench -repos loki,caddy       # those whose name contains one of these
//	go run ./scripts/bench -readme README.md       # and write the table into the README
//	go run ./scripts/bench -trace                  # dockgen's per-phase trace per repository
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strings"
	"syscall"
	"time"

	"golang.org/x/mod/modfile"

	"github.com/dockgen/dockgen/internal/anacache"
	"github.com/dockgen/dockgen/internal/analyze"
	"github.com/dockgen/dockgen/internal/cli"
	"github.com/dockgen/dockgen/internal/iostreams"
	"github.com/dockgen/dockgen/internal/realsrc"
)

// repo is one benchmark repository.
type repo struct {
	name     string
	src      realsrc.Source
	work     bool // write a go.work that uses the root and its nested modules
	dropWork bool // remove the go.work the module ships
	about    string
}

// repos are the benchmark's repositories, in table order.
var repos = []repo{
	{name: "loki", src: realsrc.Source{Module: "github.com/grafana/loki/v3", Version: "v3.7.8", Vendor: true,
		Nested: []realsrc.Nested{{Dir: "pkg/push", Module: "github.com/grafana/loki/pkg/push", Version: "v0.0.0-20250630054201-94c0ba7b0952"}}},
		about: "vendored, 18,000 Go files, generated protobuf code, 300+ requirements: the repository that made the analysis hang (the proxy here serves no commit queries, so the v3.7.8 release stands for commit 65e30f8)"},
	{name: "buildkit", src: realsrc.Source{Module: "github.com/moby/buildkit", Version: "v0.34.2", Vendor: true},
		about: "vendored"},
	{name: "containerd", src: realsrc.Source{Module: "github.com/containerd/containerd/v2", Version: "v2.4.2", Vendor: true},
		about: "vendored, cgo"},
	{name: "smokescreen", src: realsrc.Source{Module: "github.com/stripe/smokescreen", Version: "v0.0.4", Vendor: true},
		about: "vendored, small"},
	{name: "prometheus", src: realsrc.Source{Module: "github.com/prometheus/prometheus", Version: "v0.316.0"}, dropWork: true,
		about: "module cache, generated protobuf code; its go.work is dropped (the nested modules it uses are not on the proxy)"},
	{name: "caddy", src: realsrc.Source{Module: "github.com/caddyserver/caddy/v2", Version: "v2.11.9"},
		about: "module cache"},
	{name: "nats-server", src: realsrc.Source{Module: "github.com/nats-io/nats-server/v2", Version: "v2.15.3"},
		about: "few requirements, large packages"},
	{name: "miniflux", src: realsrc.Source{Module: "miniflux.app/v2", Version: "v2.3.5"},
		about: "module cache, a web service"},
	{name: "x/tools+gopls", src: realsrc.Source{Module: "golang.org/x/tools", Version: "v0.47.1-0.20260707181000-a299dadba899",
		Nested: []realsrc.Nested{{Dir: "gopls", Module: "golang.org/x/tools/gopls", Version: "v0.23.0"}}},
		work: true, about: "go.work monorepo: x/tools with gopls, at the x/tools commit gopls requires"},
}

const (
	beginMarker = "<!-- bench:begin -->"
	endMarker   = "<!-- bench:end -->"
)

func main() {
	// The timed dockgen runs are this program run again.
	if len(os.Args) > 1 && os.Args[1] == "-analyze" {
		os.Exit(analyzeChild(os.Args[2:]))
	}
	os.Exit(run())
}

func run() int {
	only := flag.String("repos", "", "comma-separated parts of repository names to run (default: all)")
	runs := flag.Int("runs", 3, "timed runs per measure (the median is shown), after one warm-up run")
	readme := flag.String("readme", "", "also replace the section between "+beginMarker+" and "+endMarker+" of this file")
	trace := flag.Bool("trace", false, "print dockgen's per-phase trace for each repository")
	prepareOnly := flag.Bool("prepare", false, "only fetch and prepare the repositories")
	flag.Parse()
	logf := func(format string, args ...any) { fmt.Fprintf(os.Stderr, "bench: "+format+"\n", args...) }
	ctx := context.Background()
	self, err := os.Executable()
	if err != nil {
		logf("%v", err)
		return 1
	}
	// The cached runs keep their analyses here, not in the person's cache.
	cacheDir, err := os.MkdirTemp("", "dockgen-bench-cache-")
	if err != nil {
		logf("%v", err)
		return 1
	}
	defer os.RemoveAll(cacheDir)
	var rows []row
	failed := false
	for _, r := range repos {
		if *only != "" && !slices.ContainsFunc(strings.Split(*only, ","), func(s string) bool { return strings.Contains(r.name, s) }) {
			continue
		}
		dir, err := prepare(ctx, r, logf)
		if err != nil {
			logf("%s: %v", r.name, err)
			failed = true
			continue
		}
		if *prepareOnly {
			logf("%s: ready in %s", r.name, dir)
			continue
		}
		row, err := measure(self, cacheDir, r, dir, *runs, logf)
		if err != nil {
			logf("%s: %v", r.name, err)
			failed = true
			continue
		}
		if *trace {
			out, _ := exec.Command(self, "-analyze", "-trace", dir).CombinedOutput()
			fmt.Fprintf(os.Stderr, "%s:\n%s", r.name, out)
		}
		rows = append(rows, row)
	}
	table := render(rows)
	fmt.Print(table)
	if *readme != "" {
		if err := replaceSection(*readme, table); err != nil {
			logf("%v", err)
			return 1
		}
	}
	if failed || !meetsTargets(rows) {
		return 1
	}
	return 0
}

// prepare returns the directory of r, fetched, vendored or with its
// requirements in the module cache, and assembled into a workspace.
func prepare(ctx context.Context, r repo, logf func(string, ...any)) (string, error) {
	t, err := realsrc.Get(ctx, r.src)
	if err != nil {
		return "", err
	}
	dir := t.Dir
	if r.work {
		work := "go 1.26.0\n\nuse (\n\t.\n"
		for _, n := range r.src.Nested {
			work += "\t./" + n.Dir + "\n"
		}
		work += ")\n"
		if err := os.WriteFile(filepath.Join(dir, "go.work"), []byte(work), 0o644); err != nil {
			return "", err
		}
	}
	if r.dropWork {
		if err := os.Remove(filepath.Join(dir, "go.work")); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
	}
	if !r.src.Vendor {
		marker := filepath.Join(dir, "..", "bench-downloaded")
		if _, err := os.Stat(marker); err != nil {
			logf("%s: go mod download (once)", r.name)
			cmd := exec.CommandContext(ctx, "go", "mod", "download")
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
			if r.work {
				cmd.Env = append(os.Environ(), "GOFLAGS=") // -mod=mod is refused in workspace mode
			}
			if out, err := cmd.CombinedOutput(); err != nil {
				return "", fmt.Errorf("go mod download: %v: %s", err, firstLine(string(out)))
			}
			if err := os.WriteFile(marker, nil, 0o644); err != nil {
				return "", err
			}
		}
	}
	return dir, nil
}

// row is one repository's measures.
type row struct {
	repo                     repo
	goFiles, reqs            int
	full, fullCached, deps   sample
	mains, mainsCached, find sample
}

// sample is the median wall time and the peak memory of the runs.
type sample struct {
	median time.Duration
	rss    int64 // kilobytes, the largest of the runs
}

func measure(self, cacheDir string, r repo, dir string, runs int, logf func(string, ...any)) (row, error) {
	out := row{repo: r}
	out.goFiles = countGoFiles(dir)
	out.reqs = countRequires(dir)
	goList := func(args ...string) *exec.Cmd {
		cmd := exec.Command("go", append([]string{"list"}, args...)...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOOS=linux", "GOARCH=amd64", "CGO_ENABLED=1", "GOFLAGS=", "GOPROXY=off")
		return cmd
	}
	dockgen := func(args ...string) func() *exec.Cmd {
		return func() *exec.Cmd {
			cmd := exec.Command(self, append(append([]string{"-analyze"}, args...), dir)...)
			cmd.Env = append(os.Environ(), "DOCKGEN_CACHE_DIR="+cacheDir)
			return cmd
		}
	}
	measures := []struct {
		name string
		cmd  func() *exec.Cmd
		into *sample
	}{
		{"dockgen full, no cache", dockgen(), &out.full},
		{"dockgen full, cached", dockgen("-cache"), &out.fullCached},
		{"go list -e -deps ./...", func() *exec.Cmd { return goList("-e", "-deps", "./...") }, &out.deps},
		{"dockgen mains, no cache", dockgen("-mains"), &out.mains},
		{"dockgen mains, cached", dockgen("-mains", "-cache"), &out.mainsCached},
		{"go list -e -find ./...", func() *exec.Cmd { return goList("-e", "-find", "./...") }, &out.find},
	}
	for _, m := range measures {
		var times []time.Duration
		for i := 0; i <= runs; i++ { // run 0 warms the caches, dockgen's analysis cache too
			d, rss, err := timed(m.cmd())
			if err != nil {
				return out, fmt.Errorf("%s: %w", m.name, err)
			}
			if i == 0 {
				continue
			}
			times = append(times, d)
			m.into.rss = max(m.into.rss, rss)
		}
		slices.Sort(times)
		m.into.median = times[len(times)/2]
		logf("%s: %s %v (%.0f MB)", r.name, m.name, m.into.median.Round(time.Millisecond), float64(m.into.rss)/1024)
	}
	return out, nil
}

// timed runs cmd with its output discarded and returns its wall time and
// peak resident memory in kilobytes.
func timed(cmd *exec.Cmd) (time.Duration, int64, error) {
	var stderr bytes.Buffer
	cmd.Stdout = io.Discard
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	d := time.Since(start)
	if err != nil {
		return 0, 0, fmt.Errorf("%v: %s", err, firstLine(stderr.String()))
	}
	var rss int64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = ru.Maxrss
	}
	return d, rss, nil
}

// analyzeChild is one timed dockgen run: dockgen analyze --json through
// the command line, with --no-cache unless -cache is given, or with -mains
// finding the main packages only, through the same analysis cache
// (anacache.Open of the environment) or none. -trace prints the uncached
// analysis's per-phase trace on stdout instead.
func analyzeChild(args []string) int {
	fl := flag.NewFlagSet("analyze", flag.ContinueOnError)
	mains := fl.Bool("mains", false, "find the main packages only")
	cached := fl.Bool("cache", false, "use the analysis cache")
	trace := fl.Bool("trace", false, "print the trace instead of the project")
	cpuprofile := fl.String("cpuprofile", "", "write a CPU profile of the analysis to this file")
	if err := fl.Parse(args); err != nil || fl.NArg() != 1 {
		return 2
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer pprof.StopCPUProfile()
	}
	dir := fl.Arg(0)
	if !*mains && !*trace {
		cmd := []string{"analyze", "--json", dir}
		if !*cached {
			cmd = append(cmd, "--no-cache")
		}
		return cli.Run(cmd, cli.NewFactory(iostreams.System(), os.Getenv))
	}
	req := anacache.NewRequest(dir, os.Getenv)
	req.Options.MainsOnly = *mains
	var tr analyze.Trace
	if *trace {
		req.Options.Trace = &tr
	}
	var cache *anacache.Cache
	if *cached {
		cache = anacache.Open(os.Getenv)
	}
	p, _, err := cache.Analyze(req)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if *trace {
		fmt.Print(tr.String())
		return 0
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(p); err != nil {
		return 1
	}
	return 0
}

// countGoFiles counts the .go files under dir, vendor/ included, the way
// a person sizing the repository would.
func countGoFiles(dir string) int {
	n := 0
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".go") {
			n++
		}
		return nil
	})
	return n
}

// countRequires counts the requirements of the root go.mod.
func countRequires(dir string) int {
	data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		return 0
	}
	f, err := modfile.ParseLax("go.mod", data, nil)
	if err != nil {
		return 0
	}
	return len(f.Require)
}

// Targets of issue 12: dockgen at most half the go command's time, and no
// more memory, on warm runs: the go command's warm runs read its module
// index in GOCACHE, dockgen's its analysis cache.
const maxRatio = 0.5

func meetsTargets(rows []row) bool {
	for _, r := range rows {
		if ratio(r.fullCached, r.deps) > maxRatio || ratio(r.mainsCached, r.find) > maxRatio || r.fullCached.rss > r.deps.rss {
			return false
		}
	}
	return true
}

func ratio(a, b sample) float64 { return float64(a.median) / float64(b.median) }

func render(rows []row) string {
	var b strings.Builder
	b.WriteString("| repository | Go files | requires | dockgen full: no cache / cached | `go list -e -deps` | ratio: no cache / cached | dockgen mains: no cache / cached | `go list -e -find` | ratio: no cache / cached | peak RSS dockgen no cache / cached / go list -deps |\n")
	b.WriteString("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n")
	ms := func(s sample) string { return fmt.Sprintf("%d ms", s.median.Milliseconds()) }
	mb := func(s sample) float64 { return float64(s.rss) / 1024 }
	for _, r := range rows {
		fmt.Fprintf(&b, "| %s %s | %d | %d | %s / %s | %s | %.2f / **%.2f** | %s / %s | %s | %.2f / **%.2f** | %.0f / %.0f / %.0f MB |\n",
			r.repo.name, r.repo.src.Version, r.goFiles, r.reqs,
			ms(r.full), ms(r.fullCached), ms(r.deps), ratio(r.full, r.deps), ratio(r.fullCached, r.deps),
			ms(r.mains), ms(r.mainsCached), ms(r.find), ratio(r.mains, r.find), ratio(r.mainsCached, r.find),
			mb(r.full), mb(r.fullCached), mb(r.deps))
	}
	return b.String()
}

// replaceSection writes table between the markers of the file.
func replaceSection(name, table string) error {
	data, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	s := string(data)
	i, j := strings.Index(s, beginMarker), strings.Index(s, endMarker)
	if i < 0 || j < i {
		return fmt.Errorf("%s: no %s … %s section", name, beginMarker, endMarker)
	}
	s = s[:i+len(beginMarker)] + "\n" + table + s[j:]
	return os.WriteFile(name, []byte(s), 0o644)
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
