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
	"github.com/dockgen/dockgen/internal/iostreams"
	"github.com/dockgen/dockgen/internal/plan"
	"github.com/dockgen/dockgen/internal/registry"
	"github.com/dockgen/dockgen/internal/render"
	"github.com/dockgen/dockgen/internal/txwrite"
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

// existing is the Dockerfile at the target before this run, read once for
// the settings line and the pins.
type existing struct {
	// data is nil when there is no file.
	data []byte
	// facts is nil when there is no file or it does not parse.
	facts *dockerfile.Facts
}

// readExisting reads the Dockerfile at t, if any; a file that cannot be
// read or parsed is no Dockerfile to take settings or pins from (check and
// the writer report it).
func readExisting(t target) existing {
	data, err := os.ReadFile(t.dockerfile)
	if err != nil {
		return existing{}
	}
	facts, _ := dockerfile.Read(t.dockerfile, data)
	return existing{data: data, facts: facts}
}

// savedChoices reads the settings line of old, if dockgen generated it.
func savedChoices(t target, old existing) (plan.Choices, bool, error) {
	if old.data == nil || !txwrite.IsGenerated(old.data) {
		return plan.Choices{}, false, nil
	}
	c, ok, err := plan.ParseSettings(t.dockerfile, old.data)
	if err != nil {
		return plan.Choices{}, false, inputError(err)
	}
	if ok && c.Context == "" {
		if c.Context, err = existingContextStyle(t); err != nil {
			return plan.Choices{}, false, err
		}
	}
	return c, ok, nil
}

// runPipeline analyzes the project and decides and renders the files, with
// the given flag choices over the settings saved in an earlier generated
// Dockerfile.
func runPipeline(ctx context.Context, f *Factory, t target, download, refresh bool, flags plan.Choices, given plan.Given) (*generation, error) {
	p, err := loadProject(ctx, f, t.dir, download)
	if err != nil {
		return nil, err
	}
	old := readExisting(t)
	choices, saved, err := layered(t, old, p, flags, given)
	if err != nil {
		return nil, err
	}
	return decideAndRender(t, p, choices, saved, pinSource{ctx: ctx, reg: f.Registry, refresh: refresh, have: old.facts, flag: given.Pin})
}

// layered returns the choices to plan with: the given flag choices over the
// settings saved in old, the Dockerfile at t. saved reports whether there
// were saved settings.
func layered(t target, old existing, p *analyze.Project, flags plan.Choices, given plan.Given) (choices plan.Choices, saved bool, err error) {
	prev, saved, err := savedChoices(t, old)
	if err != nil {
		return plan.Choices{}, false, err
	}
	return plan.Layer(p, prev, flags, given), saved, nil
}

// decideAndRender is the part of the pipeline after the analysis and the
// layering of choices; saved says the choices came partly from the settings
// line of the Dockerfile at t, for the hint of an error. With pinning
// chosen, pins says where the digests come from.
func decideAndRender(t target, p *analyze.Project, choices plan.Choices, saved bool, pins pinSource) (*generation, error) {
	pl, err := plan.Decide(p, choices)
	if err != nil {
		if errors.Is(err, plan.ErrChoice) && saved {
			err = fmt.Errorf("%w\nhint: the choice comes from the dockgen-settings line of %s; pass --main/--primary to change it, or edit that line", err, t.dockerfile)
		}
		return nil, inputError(err)
	}
	if err := pl.Pin(pins.lookup()); err != nil {
		return nil, failure(fmt.Errorf("%s: %w", pins.origin(t, saved), err))
	}
	rf, err := render.Render(pl)
	if err != nil {
		return nil, err
	}
	return &generation{target: t, project: p, saved: saved, plan: pl, files: rf}, nil
}

// pinSource says where digests come from: the pins the Dockerfile already
// has (have), then the registry; with refresh, the registry alone. A nil
// reg is offline: images without a pin stay on their tags.
type pinSource struct {
	ctx     context.Context
	reg     *registry.Resolver
	refresh bool
	have    *dockerfile.Facts
	flag    bool // --pin was given; otherwise pinning comes from the settings line (or the wizard)
}

// origin names what asked for pinning, for an error: the flag, or the
// settings line of the Dockerfile at t.
func (ps pinSource) origin(t target, saved bool) string {
	switch {
	case ps.flag:
		return "--pin"
	case saved:
		return fmt.Sprintf("pin=digest (the dockgen-settings line of %s)", t.dockerfile)
	}
	return "pinning"
}

// lookup returns the plan.Lookup.
func (ps pinSource) lookup() plan.Lookup {
	have := ps.have
	if ps.refresh {
		have = nil
	}
	return func(ref string) (string, error) {
		if have != nil {
			if dg := have.PinOf(ref); dg != "" {
				return dg, nil
			}
		}
		if ps.reg == nil {
			return "", nil
		}
		return ps.reg.Digest(ps.ctx, ref)
	}
}

// changes prepares writing the rendered files.
func (g *generation) changes(force bool) ([]txwrite.Change, error) {
	var out []txwrite.Change
	for _, fl := range []struct {
		name string
		data []byte
	}{{g.target.dockerfile, g.files.Dockerfile}, {g.target.dockerignore, g.files.Dockerignore}} {
		c, err := txwrite.Prepare(fl.name, fl.data, force)
		if errors.Is(err, txwrite.ErrNotFile) {
			return nil, inputError(err)
		}
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
func printDiffs(w io.Writer, changes []txwrite.Change) {
	for _, c := range changes {
		fmt.Fprint(w, c.Diff())
	}
}
