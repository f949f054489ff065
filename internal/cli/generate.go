package cli

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/dockgen/dockgen/internal/iostreams"
	"github.com/dockgen/dockgen/internal/plan"
	"github.com/dockgen/dockgen/internal/prompter"
	"github.com/dockgen/dockgen/internal/txwrite"
)

// GenerateOptions are the inputs of dockgen generate.
type GenerateOptions struct {
	Factory *Factory
	IO      *iostreams.IOStreams
	// Ctx is cancelled by an interrupt; every write stops on it.
	Ctx     context.Context
	Dir     string
	Flags   choiceFlags
	Choices plan.Choices // the values of the choice flags
	Given   plan.Given   // which choice flags were given
}

// NewCmdGenerate returns the generate command.
func NewCmdGenerate(f *Factory, runF func(*GenerateOptions) error) *cobra.Command {
	opts := &GenerateOptions{Factory: f, IO: f.IO}
	cmd := &cobra.Command{
		Use:   "generate [DIR]",
		Short: "Write the Dockerfile and .dockerignore without questions",
		Long: `Analyze the Go module in DIR (default: the current directory) and write a
production Dockerfile and .dockerignore, without asking anything: for CI,
scripts and regeneration.

Choices come from the flags, then from the dockgen-settings line of a
Dockerfile dockgen generated before, then from dockgen's defaults. A file
dockgen did not write is never replaced without --force; a generated file
you edited is merged with the new output, so your edits survive.`,
		Example: `  dockgen generate
  dockgen generate ./service --base scratch
  dockgen generate --main cmd/api --main cmd/worker --primary api
  dockgen generate --output - | dockgen lint -
  dockgen generate --diff`,
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
			if runF != nil {
				return runF(opts)
			}
			return generateRun(opts)
		},
	}
	opts.Flags.register(cmd)
	addNoCacheFlag(cmd, f)
	return cmd
}

func generateRun(opts *GenerateOptions) error {
	t := newTarget(opts.Dir, opts.Flags.Output)
	g, err := runPipeline(opts.Ctx, opts.Factory, t, opts.Flags.Download, opts.Flags.Refresh, opts.Choices, opts.Given)
	if err != nil {
		return err
	}
	printPlanNotes(opts.IO, g.plan, g.project, opts.Flags.Explain)
	if opts.Flags.Output == "-" {
		_, err := opts.IO.Out.Write(g.files.Dockerfile)
		return err
	}
	changes, err := g.changes(opts.Flags.Force)
	if err != nil {
		return err
	}
	if opts.Flags.Diff {
		printDiffs(opts.IO.Out, changes)
		for _, c := range changes {
			if c.Action == txwrite.Refuse || c.Action == txwrite.Conflict {
				fmt.Fprintf(opts.IO.ErrOut, "note: %s\n", c.Note)
			}
		}
		return nil
	}
	return writeChanges(opts.Ctx, opts.IO, changes, g)
}

// writeChanges applies changes and reports each file on stderr. A refused
// file writes nothing at all (exit 1); a conflict is written with markers
// (exit 1).
func writeChanges(ctx context.Context, io *iostreams.IOStreams, changes []txwrite.Change, g *generation) error {
	for _, c := range changes {
		if c.Action == txwrite.Refuse {
			return failure(fmt.Errorf("%s\nhint: nothing was written; --diff shows what would be written", c.Note))
		}
	}
	created, err := txwrite.Apply(ctx, changes)
	if err != nil {
		return failure(err)
	}
	stateDir := ""
	for _, d := range created {
		if filepath.Base(d) == txwrite.StateDir {
			stateDir = d
			continue
		}
		fmt.Fprintf(io.ErrOut, "created directory %s\n", d)
	}
	conflicts := 0
	for _, c := range changes {
		status := fmt.Sprintf("%-10s", c.Action) // pad before colouring
		switch c.Action {
		case txwrite.Create, txwrite.Update:
			status = io.Green(status)
		case txwrite.Conflict:
			status = io.Red(status)
			conflicts++
		case txwrite.Merge, txwrite.Replace:
			status = io.Yellow(status)
		}
		fmt.Fprintf(io.ErrOut, "%s %s\n", status, c.Name)
		if c.Note != "" {
			fmt.Fprintf(io.ErrOut, "           %s\n", c.Note)
		}
	}
	if stateDir != "" {
		// Without the merge base, the next regeneration cannot tell the
		// person's edits from dockgen's old output.
		prompter.Wrap(io.ErrOut, "", fmt.Sprintf("Commit %s/ with the Dockerfile: it keeps the text dockgen generated, so your edits are merged into the next regeneration.", filepath.ToSlash(stateDir)), prompter.Width)
	}
	if conflicts > 0 {
		return silentExit(exitFailure)
	}
	printNextSteps(io, g)
	return nil
}

// printNextSteps prints the commands to build and run the image, laid out
// from the plan: its build arguments with their suggested values, the netrc
// secret, the primary stage and its ports.
func printNextSteps(io *iostreams.IOStreams, g *generation) {
	pl := g.plan
	primary := pl.Primary()
	build := []string{"docker build"}
	if !samePath(g.target.outDir, g.target.dir) {
		build = append(build, "-f "+g.target.dockerfile)
	}
	for _, arg := range pl.Build.Args {
		build = append(build, fmt.Sprintf("--build-arg %s=%s", arg.Name, arg.Suggest))
	}
	if pl.Download != nil && pl.Download.Netrc {
		build = append(build, "--secret id=netrc,src=$HOME/.netrc")
	}
	// Several platforms, with SBOM and provenance attestations: buildx
	// pushes them with the image to a registry.
	multi := append([]string{"docker buildx build --platform linux/amd64,linux/arm64 --sbom=true --provenance=mode=max"}, build[1:]...)
	multi = append(multi, "-t REGISTRY/"+primary.Stage+" --push", g.target.dir)
	build = append(build, "-t "+primary.Stage, g.target.dir)
	run := "docker run --rm"
	for _, p := range primary.Ports {
		run += fmt.Sprintf(" -p %d:%d", p, p)
	}
	for _, e := range primary.RunEnv {
		run += " -e " + e // its value from the caller's environment
	}
	run += " " + primary.Stage
	fmt.Fprintf(io.ErrOut, "\nNext:\n  %s\n  %s\n", strings.Join(build, " \\\n    "), run)
	fmt.Fprintf(io.ErrOut, "  For amd64 and arm64 with an SBOM and provenance (pushed to a registry):\n  %s\n", strings.Join(multi, " \\\n    "))
	if pl.PlatformNote != "" {
		// The plan's word on how the build stage meets another platform,
		// as the Dockerfile's comments above the stage say it.
		prompter.Wrap(io.ErrOut, "  (", fmt.Sprintf("the build stage %s. %s", pl.PlatformNote, pl.EmulationNote), prompter.Width)
		fmt.Fprintf(io.ErrOut, "     %s)\n", pl.EmulationSetup)
	}
	if others := pl.Others(); len(others) > 0 {
		var stages []string
		for _, f := range others {
			stages = append(stages, f.Stage)
		}
		fmt.Fprintf(io.ErrOut, "  (other images: docker build --target %s …)\n", strings.Join(stages, "|"))
	}
}
