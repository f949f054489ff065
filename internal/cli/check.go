package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"

	"github.com/spf13/cobra"

	"github.com/dockgen/dockgen/internal/analyze"
	"github.com/dockgen/dockgen/internal/dockerfile"
	"github.com/dockgen/dockgen/internal/iostreams"
	"github.com/dockgen/dockgen/internal/plan"
	"github.com/dockgen/dockgen/internal/txwrite"
)

// CheckOptions are the inputs of dockgen check.
type CheckOptions struct {
	Factory *Factory
	IO      *iostreams.IOStreams
	// Ctx is cancelled by an interrupt; every write stops on it.
	Ctx    context.Context
	Dir    string
	Output string
	// Online resolves the pinned digests again.
	Online bool
}

// NewCmdCheck returns the check command.
func NewCmdCheck(f *Factory, runF func(*CheckOptions) error) *cobra.Command {
	opts := &CheckOptions{Factory: f, IO: f.IO}
	cmd := &cobra.Command{
		Use:   "check [DIR]",
		Short: "Exit 1 when the Dockerfile is out of date with the project",
		Long: `Compare the Dockerfile and .dockerignore in DIR with what dockgen generate
would write now (same saved settings, your edits merged), for CI.

Exit 0 when they are up to date; exit 1 with one line of reason per change
and a unified diff when regeneration would change them; exit 2 on errors.

With --online, every image the Dockerfile pins by digest is resolved again
through your Docker credentials; a pin whose tag now names another image is
reported with both digests (exit 1), and dockgen generate --refresh moves it.

A Dockerfile dockgen did not generate is checked against the project's
facts instead: a builder Go older than go.mod requires or older than the
newest patch of its release dockgen knows, a go build of a package that is
not a main package, cgo disabled where the code needs it.`,
		Example: `  dockgen check
  dockgen check ./service || dockgen generate ./service
  dockgen check --online || dockgen generate --refresh`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ctx = cmd.Context()
			opts.Dir = "."
			if len(args) == 1 {
				opts.Dir = args[0]
			}
			if runF != nil {
				return runF(opts)
			}
			return checkRun(opts)
		},
	}
	cmd.Flags().StringVarP(&opts.Output, "output", "o", "", "`DIR` holding the generated files (default: the project directory)")
	cmd.Flags().BoolVar(&opts.Online, "online", false, "also ask the registry whether a newer image replaced a pinned digest")
	addNoCacheFlag(cmd, f)
	return cmd
}

func checkRun(opts *CheckOptions) error {
	t := newTarget(opts.Dir, opts.Output)
	p, err := loadProject(opts.Ctx, opts.Factory, t.dir, false)
	if err != nil {
		return err
	}
	data, err := txwrite.ReadFile(t.dockerfile)
	if errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(opts.IO.Out, "%s: missing; run dockgen generate\n", t.dockerfile)
		return silentExit(exitFailure)
	}
	if err != nil {
		return inputError(err)
	}
	if txwrite.HasConflictMarkers(data) {
		fmt.Fprintf(opts.IO.Out, "%s: unresolved conflict markers from the last regeneration; resolve them, then run dockgen generate\n", t.dockerfile)
		return silentExit(exitFailure)
	}
	old, err := dockerfile.Read(t.dockerfile, data)
	if err != nil {
		return inputError(err)
	}
	stale := 0
	if opts.Online {
		if stale, err = checkPins(opts, t, old); err != nil {
			return err
		}
	}
	if !txwrite.IsGenerated(data) {
		return staleExit(checkHandWritten(opts.IO, t, p, old), stale)
	}
	choices, saved, err := layered(t, existing{data: data, facts: old}, p, plan.Choices{}, plan.Given{})
	if err != nil {
		return err
	}
	g, err := decideAndRender(t, p, choices, saved, pinSource{ctx: opts.Ctx, have: old})
	if err != nil {
		return err
	}
	changes, err := g.changes(false)
	if err != nil {
		return err
	}
	drift := false
	for _, c := range changes {
		if c.Action != txwrite.Unchanged {
			drift = true
		}
	}
	if !drift {
		// Hand edits merge into regeneration; one that leaves out a file
		// the build needs breaks the build all the same.
		for _, c := range changes {
			if c.Name != t.dockerignore {
				continue
			}
			if left := contextReasons(c.Name, c.Old, g.plan); len(left) > 0 {
				for _, r := range left {
					fmt.Fprintln(opts.IO.Out, r)
				}
				return silentExit(exitFailure)
			}
		}
		fmt.Fprintf(opts.IO.ErrOut, "%s and %s are up to date\n", t.dockerfile, t.dockerignore)
		return staleExit(nil, stale)
	}
	for _, r := range driftReasons(t, p, old, g.plan, changes) {
		fmt.Fprintln(opts.IO.Out, r)
	}
	printDiffs(opts.IO.Out, changes)
	return silentExit(exitFailure)
}

// checkPins resolves every pinned image again and reports, one line each,
// those a newer image has replaced; it returns how many.
func checkPins(opts *CheckOptions, t target, df *dockerfile.Facts) (int, error) {
	if len(df.Pins) == 0 {
		fmt.Fprintf(opts.IO.ErrOut, "%s pins no image by digest (dockgen generate --pin pins them)\n", t.dockerfile)
		return 0, nil
	}
	stale := 0
	for _, pin := range df.Pins {
		now, err := opts.Factory.Registry.Digest(opts.Ctx, pin.Ref)
		if err != nil {
			return 0, failure(fmt.Errorf("--online: %w", err))
		}
		if now != pin.Digest {
			stale++
			fmt.Fprintf(opts.IO.Out, "%s:%d: %s is pinned to %s, but the registry now serves %s; dockgen generate --refresh moves the pin\n", t.dockerfile, pin.Line, pin.Ref, pin.Digest, now)
		}
	}
	if stale == 0 {
		fmt.Fprintf(opts.IO.ErrOut, "%s: every pinned image is still the one its tag names\n", t.dockerfile)
	}
	return stale, nil
}

// staleExit turns a clean check into exit 1 when pins are stale.
func staleExit(err error, stale int) error {
	if err == nil && stale > 0 {
		return silentExit(exitFailure)
	}
	return err
}

// driftReasons says in one line per change why regeneration would change
// the files: the plan's reasons (plan.Drift), then what only the files
// show (conflicts, the ignore file, other edits).
func driftReasons(t target, p *analyze.Project, old *dockerfile.Facts, pl *plan.Plan, changes []txwrite.Change) []string {
	var out []string
	for _, r := range plan.Drift(old, p, pl) {
		out = append(out, atLine(t.dockerfile, r.Line)+r.Text)
	}
	for _, c := range changes {
		switch {
		case c.Action == txwrite.Unchanged:
		case txwrite.HasConflictMarkers(c.Old):
			out = append(out, fmt.Sprintf("%s: unresolved conflict markers from the last regeneration", c.Name))
		case c.Action == txwrite.Conflict:
			out = append(out, fmt.Sprintf("%s: your edits overlap with dockgen's changes; dockgen generate would write conflict markers", c.Name))
		case c.Name == t.dockerignore:
			if left := contextReasons(c.Name, c.Old, pl); len(left) > 0 {
				out = append(out, left...)
				break
			}
			out = append(out, fmt.Sprintf("%s: the files to keep out of or let into the build context changed (embedded files, packages, secrets)", c.Name))
		case len(out) == 0:
			out = append(out, fmt.Sprintf("%s: dockgen now writes it differently (new defaults or settings)", c.Name))
		}
	}
	return out
}

// atLine prefixes a message with a file and, when known, a line.
func atLine(name string, line int) string {
	if line > 0 {
		return fmt.Sprintf("%s:%d: ", name, line)
	}
	return name + ": "
}

// checkHandWritten prints where a Dockerfile dockgen did not write
// disagrees with the project (plan.Disagreements).
func checkHandWritten(io *iostreams.IOStreams, t target, p *analyze.Project, df *dockerfile.Facts) error {
	problems := plan.Disagreements(df, p)
	if len(problems) == 0 {
		fmt.Fprintf(io.ErrOut, "%s was not generated by dockgen; it agrees with the project (Go version, main packages, cgo)\n", t.dockerfile)
		return nil
	}
	for _, r := range problems {
		fmt.Fprintln(io.Out, atLine(t.dockerfile, r.Line)+r.Text)
	}
	return silentExit(exitFailure)
}
