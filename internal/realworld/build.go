package realworld

import (
	"context"
	"debug/elf"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/dockgen/dockgen/e2e/harness"
)

// Row is one repo × base of the build level: what `go run
// ./scripts/realworld` prints and the build-level test checks.
type Row struct {
	Repo, Base string
	// Generated: dockgen generate --base BASE succeeded.
	Generated bool
	// Lint is the number of dockgen lint findings on the output.
	Lint int
	// Built: the primary target built unedited.
	Built   bool
	Seconds float64
	// Image is the primary image's size in bytes.
	Image int64
	// Linking is "static" or "dynamic" for the primary binary.
	Linking string
	// Smoke is "ok", "-" (none expected) or why the binary failed to run.
	Smoke string
	// Target is the primary target built.
	Target string
	// Runs is the run level: "answers PORTS", "tries DATABASE", "-" (the
	// repo does not serve) or what went wrong.
	Runs string
	// Mismatches counts expectations the analysis misses (strict ones
	// first: "1+3" is one strict and three reported).
	Mismatches string
	// Blocked names a fault owned elsewhere that this row waits for.
	Blocked string
	// Gap is the known run-level gap the row shows (the fault and the
	// problems), reported instead of failed.
	Gap string
	// Problems are the failures, for the test and the table's notes.
	Problems []string
}

// Build generates the Dockerfile of r for base in a copy of ex, lints it,
// builds the primary target unedited with the stand-in images, and checks
// the binary: linked as expected (static unless cgo on a glibc base) and
// its smoke command line exits 0.
func Build(ctx context.Context, e *harness.Env, r Repo, ex *harness.Example, base string) Row {
	row := Row{Repo: r.Name, Base: base, Smoke: "-", Runs: "-"}
	if b, ok := r.BlockedAt("build", base); ok {
		row.Blocked = b.Fault
	}
	fail := func(format string, args ...any) Row {
		row.Problems = append(row.Problems, fmt.Sprintf(format, args...))
		return row
	}
	dir, err := os.MkdirTemp(e.Work, r.Name+"-"+base+"-")
	if err != nil {
		return fail("%v", err)
	}
	defer os.RemoveAll(dir)
	p, err := e.Prepare(ctx, ex, base, dir)
	if err != nil {
		return fail("generate: %v", err)
	}
	row.Generated = true
	// The build context, seen from Docker's side: only what the build
	// reads and the image copies, none of the planted secrets.
	_, problems, err := e.ContextProblems(ctx, p)
	if err != nil {
		return fail("%v", err)
	}
	row.Problems = append(row.Problems, problems...)
	findings, err := e.Lint(ctx, p.Dockerfile)
	if err != nil {
		return fail("%v", err)
	}
	row.Lint = len(findings)
	for _, f := range findings {
		row.Problems = append(row.Problems, "lint: "+f)
	}
	if err := e.Standins.Ensure(ctx, p.Images); err != nil {
		return fail("stand-in images: %v", err)
	}
	target := p.Targets[len(p.Targets)-1]
	row.Target = target
	start := time.Now()
	out, err := e.BuildTarget(ctx, p, target, harness.StampArgs()...)
	row.Seconds = time.Since(start).Seconds()
	if err != nil {
		return fail("docker build --target %s: %v\n%s", target, err, harness.Tail(out, 25))
	}
	row.Built = true
	size, bin, err := e.Measure(ctx, p, target)
	if err != nil {
		return fail("%v", err)
	}
	row.Image = size.Image
	dynamic, err := isDynamic(bin)
	if err != nil {
		return fail("reading the binary: %v", err)
	}
	row.Linking = map[bool]string{true: "dynamic", false: "static"}[dynamic]
	m, _ := ex.Main(target)
	want, _ := r.Main(m.Dir)
	// One go build step builds every target: cgo for one is cgo for all,
	// and only distroless has the C library a dynamic binary needs.
	if dynamic && !(base == "distroless" && cgoTargets(r, ex, p.Targets)) {
		row.Problems = append(row.Problems, fmt.Sprintf("%s is dynamically linked, want static on %s (no target expects cgo, or the base has no C library)", target, base))
	}
	if len(want.Smoke.Value) > 0 {
		ref := harness.ImageTag(ex, target, base)
		args := append([]string{"run", "--rm", "--network", "none", ref}, want.Smoke.Value...)
		rctx, cancel := context.WithTimeout(ctx, time.Minute)
		defer cancel()
		if out, err := e.Docker.Run(rctx, args...); err != nil {
			row.Smoke = "fails"
			row.Problems = append(row.Problems, fmt.Sprintf("%s %s: %v\n%s", target, strings.Join(want.Smoke.Value, " "), err, harness.Tail(out, 10)))
		} else {
			row.Smoke = "ok"
		}
	}
	return row
}

// cgoTargets reports whether a built target is expected to need cgo.
func cgoTargets(r Repo, ex *harness.Example, targets []string) bool {
	for _, t := range targets {
		if m, ok := ex.Main(t); ok {
			if want, ok := r.Main(m.Dir); ok && want.Cgo.Value {
				return true
			}
		}
	}
	return false
}

// isDynamic reports whether an ELF binary asks for an interpreter or
// shared libraries.
func isDynamic(bin string) (bool, error) {
	f, err := elf.Open(filepath.Clean(bin))
	if err != nil {
		return false, err
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			return true, nil
		}
	}
	libs, err := f.ImportedLibraries()
	if err != nil {
		return false, nil
	}
	return len(libs) > 0, nil
}

// MismatchCount renders the mismatches as "STRICT+REPORTED".
func MismatchCount(ms []Mismatch) string {
	strict := 0
	for _, m := range ms {
		if m.Strict {
			strict++
		}
	}
	return fmt.Sprintf("%d+%d", strict, len(ms)-strict)
}

// Table renders rows as a Markdown table.
func Table(rows []Row) string {
	var b strings.Builder
	b.WriteString("| repo | base | generates | lint findings | builds unedited | build s | image MB | binary | smoke | runs | mismatches (strict+reported) | blocked by |\n")
	b.WriteString("|---|---|---|--:|---|--:|--:|---|---|---|---|---|\n")
	yes := map[bool]string{true: "yes", false: "NO"}
	for _, r := range rows {
		built, secs, size := yes[r.Built], fmt.Sprintf("%.0f", r.Seconds), fmt.Sprintf("%.1f", float64(r.Image)/1e6)
		if !r.Generated {
			built, secs, size = "-", "-", "-"
		} else if !r.Built {
			size = "-"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %d | %s | %s | %s | %s | %s | %s | %s | %s |\n",
			r.Repo, r.Base, yes[r.Generated], r.Lint, built, secs, size, dash(r.Linking), r.Smoke, dash(r.Runs), dash(r.Mismatches), dash(r.Blocked))
	}
	return b.String()
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
