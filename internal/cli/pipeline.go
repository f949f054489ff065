package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/dockgen/dockgen/internal/analyze"
	"github.com/dockgen/dockgen/internal/dockerfile"
	"github.com/dockgen/dockgen/internal/files"
	"github.com/dockgen/dockgen/internal/iostreams"
	"github.com/dockgen/dockgen/internal/plan"
	"github.com/dockgen/dockgen/internal/registry"
	"github.com/dockgen/dockgen/internal/render"
)

// target says where the generated files go.
type target struct {
	dir          string // project directory (the build context)
	outDir       string // where the files are written
	dockerfile   string // path of the Dockerfile
	dockerignore string // path of the ignore file
}

// newTarget places the files: in the project directory, or in out with the
// ignore file named Dockerfile.dockerignore, which BuildKit reads for a
// Dockerfile outside the context root.
func newTarget(dir, out string) target {
	t := target{dir: dir, outDir: dir}
	if out != "" && out != "-" {
		t.outDir = out
	}
	t.dockerfile = filepath.Join(t.outDir, "Dockerfile")
	t.dockerignore = filepath.Join(t.outDir, ".dockerignore")
	if !samePath(t.outDir, dir) {
		t.dockerignore = filepath.Join(t.outDir, "Dockerfile.dockerignore")
	}
	return t
}

func samePath(a, b string) bool {
	aa, err1 := filepath.Abs(a)
	bb, err2 := filepath.Abs(b)
	return err1 == nil && err2 == nil && aa == bb
}

// generation is one run of the pipeline: analyze, plan, render.
type generation struct {
	target  target
	project *analyze.Project
	saved   bool // the choices came partly from a generated Dockerfile
	plan    *plan.Plan
	files   render.Files
}

// savedChoices reads the settings line of the Dockerfile dockgen generated
// at t, if any.
func savedChoices(t target) (plan.Choices, bool, error) {
	data, err := os.ReadFile(t.dockerfile)
	if err != nil || !files.IsGenerated(data) {
		return plan.Choices{}, false, nil
	}
	c, ok, err := plan.ParseSettings(t.dockerfile, data)
	if err != nil {
		return plan.Choices{}, false, inputError(err)
	}
	return c, ok, nil
}

// runPipeline analyzes the project and decides and renders the files, with
// the flags given over the settings saved in an earlier generated
// Dockerfile.
func runPipeline(f *Factory, t target, cf *choiceFlags, flags plan.Choices) (*generation, error) {
	p, err := loadProject(f, t.dir, cf.Download)
	if err != nil {
		return nil, err
	}
	return decideAndRender(t, p, cf, flags, f.Registry)
}

// decideAndRender is the part of the pipeline after the analysis. With
// pinning chosen, the digests are those the Dockerfile already pins, and
// reg (nil: none, offline) resolves the rest, or all of them with
// --refresh.
func decideAndRender(t target, p *analyze.Project, cf *choiceFlags, flags plan.Choices, reg *registry.Resolver) (*generation, error) {
	saved, ok, err := savedChoices(t)
	if err != nil {
		return nil, err
	}
	choices := cf.over(saved, flags)
	pl, err := plan.Decide(p, choices)
	if err != nil {
		if errors.Is(err, plan.ErrChoice) && ok {
			err = fmt.Errorf("%w\nhint: the choice comes from the dockgen-settings line of %s; pass --main/--primary to change it, or edit that line", err, t.dockerfile)
		}
		return nil, inputError(err)
	}
	if err := pl.Pin(pinLookup(t, reg, cf.Refresh)); err != nil {
		return nil, failure(fmt.Errorf("--pin: %w", err))
	}
	rf, err := render.Render(pl)
	if err != nil {
		return nil, err
	}
	return &generation{target: t, project: p, saved: ok, plan: pl, files: rf}, nil
}

// pinLookup finds digests: the Dockerfile's own pins first (unless
// refresh), then the registry.
func pinLookup(t target, reg *registry.Resolver, refresh bool) plan.Lookup {
	var have *dockerfile.Facts
	if data, err := os.ReadFile(t.dockerfile); err == nil && !refresh {
		have, _ = dockerfile.Read(t.dockerfile, data)
	}
	return func(ref string) (string, error) {
		if have != nil {
			if dg := have.PinOf(ref); dg != "" {
				return dg, nil
			}
		}
		if reg == nil {
			return "", nil
		}
		return reg.Digest(context.Background(), ref)
	}
}

// changes prepares writing the rendered files.
func (g *generation) changes(force bool) ([]files.Change, error) {
	var out []files.Change
	for _, fl := range []struct {
		name string
		data []byte
	}{{g.target.dockerfile, g.files.Dockerfile}, {g.target.dockerignore, g.files.Dockerignore}} {
		c, err := files.Prepare(fl.name, fl.data, force)
		if err != nil {
			return nil, failure(err)
		}
		out = append(out, c)
	}
	return out, nil
}

// printPlanNotes prints warnings, and with explain every reason, to stderr.
func printPlanNotes(io *iostreams.IOStreams, pl *plan.Plan, p *analyze.Project, explain bool) {
	w := io.ErrOut
	if explain {
		fmt.Fprintln(w, io.Bold("Decisions:"))
		for _, r := range pl.Reasons {
			fmt.Fprintf(w, "  %s: %s\n", r.Topic, r.Text)
		}
	}
	for _, warn := range p.Warnings {
		fmt.Fprintf(w, "%s %s\n", io.Yellow("warning:"), warn)
	}
	for _, warn := range pl.Warnings {
		fmt.Fprintf(w, "%s %s\n", io.Yellow("warning:"), warn)
	}
}

// printDiffs writes the diff of every change to w.
func printDiffs(w io.Writer, changes []files.Change) {
	for _, c := range changes {
		fmt.Fprint(w, c.Diff())
	}
}
