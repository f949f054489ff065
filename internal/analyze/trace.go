package analyze

import (
	"fmt"
	"strings"
	"sync/atomic"
	"time"
)

// Trace receives where an analysis spent its time and how much work it
// did. Pass one in Options.Trace; Analyze fills it as it goes.
type Trace struct {
	// Phases lists the phases that ran, in order, with their wall time:
	// modules (go.mod, go.work), walk (finding package directories), mains
	// (reading package clauses and imports of the project), closure
	// (resolving and loading every main's imports), facts (parsing the
	// files that can hold a fact and scanning them) and embeds.
	Phases []Phase
	// Packages counts the packages loaded (project and dependencies).
	Packages int64
	// FilesRead counts the Go files read whole (each at most once).
	FilesRead int64
	// FilesParsed counts the Go files parsed whole for facts.
	FilesParsed int64
	// EvalSteps counts the steps taken tracing values (ports, paths).
	EvalSteps int64
	// OutOfBudget counts the facts whose value tracing ran out of budget.
	OutOfBudget int64
	// Rescans counts the packages scanned again for a main that links in
	// other importers of a package whose values came from its importers.
	Rescans int64
}

// Phase is one phase of an analysis.
type Phase struct {
	Name     string
	Duration time.Duration
}

// String formats t on one line per phase, then the counts.
func (t *Trace) String() string {
	var b strings.Builder
	var total time.Duration
	for _, p := range t.Phases {
		total += p.Duration
		fmt.Fprintf(&b, "%-8s %8.1f ms\n", p.Name, float64(p.Duration.Microseconds())/1000)
	}
	fmt.Fprintf(&b, "%-8s %8.1f ms\n", "total", float64(total.Microseconds())/1000)
	fmt.Fprintf(&b, "%d packages loaded, %d Go files read, %d parsed for facts, %d value-tracing steps, %d facts out of budget, %d packages scanned again for other importers\n",
		t.Packages, t.FilesRead, t.FilesParsed, t.EvalSteps, t.OutOfBudget, t.Rescans)
	return b.String()
}

// stats counts the work of one analysis, from many goroutines.
type stats struct {
	packages    atomic.Int64
	filesRead   atomic.Int64
	filesParsed atomic.Int64
	evalSteps   atomic.Int64
	outOfBudget atomic.Int64
	rescans     atomic.Int64
}

// phase adds the time since start to the phase called name, when tracing.
func (a *analyzer) phase(name string, start time.Time) {
	t := a.opts.Trace
	if t == nil {
		return
	}
	d := time.Since(start)
	for i := range t.Phases {
		if t.Phases[i].Name == name {
			t.Phases[i].Duration += d
			return
		}
	}
	t.Phases = append(t.Phases, Phase{name, d})
}

// finishTrace copies the counts into the trace, when tracing.
func (a *analyzer) finishTrace() {
	t := a.opts.Trace
	if t == nil {
		return
	}
	t.Packages = a.stats.packages.Load()
	t.FilesRead = a.stats.filesRead.Load()
	t.FilesParsed = a.stats.filesParsed.Load()
	t.EvalSteps = a.stats.evalSteps.Load()
	t.OutOfBudget = a.stats.outOfBudget.Load()
	t.Rescans = a.stats.rescans.Load()
}
