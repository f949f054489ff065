package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/dockgen/dockgen/internal/iostreams"
	"github.com/dockgen/dockgen/internal/plan"
	"github.com/dockgen/dockgen/internal/prompter"
	"github.com/dockgen/dockgen/internal/txwrite"
	"github.com/dockgen/dockgen/internal/wizard"
)

// InitOptions are the inputs of dockgen init.
type InitOptions struct {
	Factory *Factory
	IO      *iostreams.IOStreams
	// Ctx is cancelled by an interrupt; every write stops on it.
	Ctx     context.Context
	Dir     string
	Yes     bool
	Flags   choiceFlags
	Choices plan.Choices // the values of the choice flags
	Given   plan.Given   // which choice flags were given
}

// NewCmdInit returns the init command.
func NewCmdInit(f *Factory, runF func(*InitOptions) error) *cobra.Command {
	opts := &InitOptions{Factory: f, IO: f.IO}
	cmd := &cobra.Command{
		Use:   "init [DIR]",
		Short: "Ask a few questions, preview, and write the Dockerfile and .dockerignore",
		Long: `Analyze the Go module in DIR (default: the current directory), ask what the
analysis cannot decide, show the plan with its reasons and a preview of the
files, and write them once you confirm.

The questions, each defaulted from the analysis (or from the settings of a
Dockerfile dockgen generated before) and skipped when a flag answers it:
which binaries to build (--main), the primary one when there are several
(--primary), the base image (--base), the primary's port (--port N) and
the port of each other binary that serves (--port NAME=N).

The plan and its reasons come first, then a line per new file (the
.dockerignore's lines beyond the usual ones in full); "Show the new files"
at the final question prints them whole and asks again. Ctrl-C or Esc at
any question stops without writing anything (exit 130); no at the final
question writes nothing and exits 0. A file you wrote yourself is replaced
only after you have seen the diff and said yes, and it is saved to a backup
first.

init needs a terminal. In scripts and CI, pass --yes to accept every default
without questions (it then behaves like dockgen generate).`,
		Example: `  dockgen init
  dockgen init ./service
  dockgen init --base scratch          # ask everything but the base image
  dockgen init --yes --main cmd/api    # no questions`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ctx = cmd.Context()
			opts.Dir = "."
			if len(args) == 1 {
				opts.Dir = args[0]
			}
			var err error
			if opts.Choices, opts.Given, err = opts.Flags.parse(cmd); err != nil {
				return err
			}
			if !opts.Yes && !opts.IO.CanPrompt() {
				return noTerminalError(opts.Given)
			}
			if runF != nil {
				return runF(opts)
			}
			return initRun(opts)
		},
	}
	opts.Flags.register(cmd)
	cmd.Flags().BoolVarP(&opts.Yes, "yes", "y", false, "accept every default: no questions, no confirmation")
	addNoCacheFlag(cmd, f)
	return cmd
}

// noTerminalError says which flags answer the questions init cannot ask.
func noTerminalError(given plan.Given) error {
	var open []string
	for _, q := range []struct {
		flag  string
		given bool
	}{{"--main", given.Mains}, {"--primary", given.Primary}, {"--base", given.Base}, {"--port", given.Port}} {
		if !q.given {
			open = append(open, q.flag)
		}
	}
	hint := "pass --yes to write without asking"
	if len(open) > 0 {
		hint = fmt.Sprintf("pass --yes to accept the defaults, with %s to choose yourself", plan.OrList(open))
	}
	return flagErrorf("init asks questions, but standard input and output are not both a terminal\nhint: %s", hint)
}

func initRun(opts *InitOptions) error {
	if opts.Yes {
		return generateRun(&GenerateOptions{Factory: opts.Factory, IO: opts.IO, Ctx: opts.Ctx, Dir: opts.Dir, Flags: opts.Flags, Choices: opts.Choices, Given: opts.Given})
	}
	t := newTarget(opts.Dir, opts.Flags.Output)
	p, err := loadProject(opts.Ctx, opts.Factory, t.dir, opts.Flags.Download)
	if err != nil {
		return err
	}
	old := readExisting(t)
	start, saved, err := layered(t, old, p, opts.Choices, opts.Given)
	if err != nil {
		return err
	}

	pr, err := opts.Factory.Prompter()
	if err != nil {
		return failure(err)
	}
	// Close gives the terminal its mode back: before anything is written,
	// and on every way out.
	defer pr.Close()
	w := &wizard.Wizard{Prompter: pr, Out: opts.IO.Out}
	cf := &opts.Flags
	choices, err := w.Choose(p, start, opts.Given)
	if err != nil {
		return askError(err)
	}
	g, err := decideAndRender(t, p, choices, saved, pinSource{ctx: opts.Ctx, reg: opts.Factory.Registry, refresh: opts.Flags.Refresh, have: old.facts, flag: opts.Given.Pin})
	if err != nil {
		return err
	}
	wizard.Summary(opts.IO.Out, g.plan, cf.Explain)
	printPlanNotes(opts.IO, g.plan, g.project, false)
	if cf.Output == "-" {
		_, err := opts.IO.Out.Write(g.files.Dockerfile)
		return err
	}
	changes, err := g.changes(cf.Force)
	if err != nil {
		return err
	}
	if changes, err = withConsent(changes); err != nil {
		return err
	}
	if cf.Diff {
		printDiffs(opts.IO.Out, changes)
		return nil
	}
	if !writesAny(changes) {
		fmt.Fprintf(opts.IO.ErrOut, "%s and %s are up to date: nothing to write\n", changes[0].Name, changes[1].Name)
		return nil
	}
	wizard.Preview(opts.IO.Out, changes, g.plan.Ignore)
	ok, err := w.ConfirmWrite(changes)
	if err != nil {
		return askError(err)
	}
	if !ok {
		// A considered answer, not a cancellation: exit 0 (Ctrl-C is 130).
		fmt.Fprintln(opts.IO.ErrOut, "nothing written")
		return nil
	}
	pr.Close()
	return writeChanges(opts.Ctx, opts.IO, changes, g)
}

// promptColor reports whether questions may be coloured: standard output
// is a terminal, NO_COLOR is unset and TERM is not dumb.
func promptColor(f *Factory) bool {
	return f.IO.IsStdoutTTY() && f.Getenv("NO_COLOR") == "" && f.Getenv("TERM") != "dumb"
}

// askError maps an error from the wizard to an exit: 130 when the person
// cancelled, 2 for choices that contradict each other.
func askError(err error) error {
	switch {
	case errors.Is(err, prompter.ErrCancelled):
		return errCancelled
	case errors.Is(err, plan.ErrChoice):
		return inputError(err)
	}
	return failure(fmt.Errorf("asking questions: %w", err))
}

// withConsent prepares to replace the files the person wrote, which
// generate refuses without --force: init asks before writing, after showing
// the diff, and a backup is kept.
func withConsent(changes []txwrite.Change) ([]txwrite.Change, error) {
	out := make([]txwrite.Change, len(changes))
	for i, c := range changes {
		if c.Action == txwrite.Refuse {
			forced, err := txwrite.Prepare(c.Name, c.Generated, true)
			if err != nil {
				return nil, failure(err)
			}
			forced.Note = fmt.Sprintf("%s was not written by dockgen: it is saved to %s, then replaced", c.Name, forced.Backup)
			c = forced
		}
		out[i] = c
	}
	return out, nil
}

func writesAny(changes []txwrite.Change) bool {
	for _, c := range changes {
		if c.Writes() {
			return true
		}
	}
	return false
}
