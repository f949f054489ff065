// Package wizard asks a person what the analysis of a Go module cannot
// decide on its own — which binaries to build, the primary one, the base
// image, the port — and turns the answers into plan.Choices. It also lays
// out what the person sees before anything is written: a summary of the
// plan with its reasons and a preview of the files.
//
// Questions go through package prompter's small Prompter interface (survey
// on a terminal, a stub in tests); nothing here knows the terminal. The
// offers and their defaults come from package plan. Every question has a
// default taken from the analysis (or from the settings of an earlier run),
// and a question whose answer the command line already gave is not asked.
package wizard

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/dockgen/dockgen/internal/analyze"
	"github.com/dockgen/dockgen/internal/plan"
	"github.com/dockgen/dockgen/internal/prompter"
)

// width is the width the wizard lays its text out in.
const width = prompter.Width

// Wizard asks the questions of dockgen init.
type Wizard struct {
	// Prompter asks the questions.
	Prompter prompter.Prompter
	// Out receives the text around the questions (what the base images
	// mean, the summary, the preview): the terminal the questions are
	// asked on.
	Out io.Writer
}

// The questions, in the order they are asked.
const (
	mainsQuestion   = "Binaries to build:"
	primaryQuestion = "Primary binary (built by default):"
	baseQuestion    = "Base image:"
	portQuestion    = "Port %s listens on:"
)

// Choose asks what given leaves open and returns start with the answers in
// place. start holds the choices made so far (flags over saved settings);
// its values are the defaults. Errors wrap prompter.ErrCancelled when the person
// cancels and plan.ErrChoice when the flags contradict each other.
func (w *Wizard) Choose(p *analyze.Project, start plan.Choices, given plan.Given) (plan.Choices, error) {
	c := start
	if !given.Mains {
		c.Mains = existing(p, c.Mains) // saved mains that were since removed
		if len(p.Mains) > 1 {
			mains, err := w.askMains(p, c.Mains)
			if err != nil {
				return c, err
			}
			c.Mains = mains
		}
	}
	if !given.Primary {
		c = plan.DropStalePrimary(p, c) // the earlier primary is no longer built: pick again
	}
	o, err := plan.Offer(p, c)
	if err != nil {
		return c, err
	}
	if !given.Primary && len(o.Plan.Finals) > 1 {
		if c.Primary, err = w.askPrimary(p, o.Plan, c.Primary); err != nil {
			return c, err
		}
		if o, err = plan.Offer(p, c); err != nil { // the offers of the primary chosen
			return c, err
		}
	}
	if !given.Base {
		if c.Base, err = w.askBase(p, o, c.Base); err != nil {
			return c, err
		}
	}
	return w.askPorts(o, c, given)
}

// askPorts asks the port of the primary binary and of each other selected
// binary that serves, unless a flag gave it. The primary's answer goes
// where its current port is (by name when it was given by name, else
// Port); the others' by name.
func (w *Wizard) askPorts(o *plan.Offers, c plan.Choices, given plan.Given) (plan.Choices, error) {
	for _, po := range o.Ports {
		if slices.Contains(given.PortNames, po.Binary) || po.Primary && given.Port {
			continue
		}
		current, named := c.Ports[po.Binary]
		if po.Primary && !named {
			current = c.Port
		}
		n, err := w.askPort(po, current)
		if err != nil {
			return c, err
		}
		if po.Primary && !named {
			c.Port = n
		} else {
			c.Ports = plan.MergePorts(c.Ports, map[string]int{po.Binary: n})
		}
	}
	return c, nil
}

// existing returns the entries of a --main list that name a main package.
func existing(p *analyze.Project, dirs []string) []string {
	var out []string
	for _, d := range dirs {
		if _, ok := plan.FindMain(p.Mains, d); ok {
			out = append(out, d)
		}
	}
	return out
}

// askMains asks which main packages to build. Service-like mains are
// checked by default (plan.DefaultMains), or the earlier selection. An
// answer equal to the default selection keeps the choice automatic, so
// that regeneration picks up new services.
func (w *Wizard) askMains(p *analyze.Project, current []string) ([]string, error) {
	sel, err := plan.Select(p, plan.Choices{Mains: current})
	if err != nil {
		return nil, err
	}
	checked := sel.Mains
	var options []string
	var defs []int
	pad := 0
	for _, m := range p.Mains {
		pad = max(pad, len(m.Dir))
	}
	for i, m := range p.Mains {
		options = append(options, mainLabel(m, pad))
		if slices.ContainsFunc(checked, func(c analyze.Main) bool { return c.Dir == m.Dir }) {
			defs = append(defs, i)
		}
	}
	help := "Space checks or unchecks a binary, Enter accepts. Service-like main packages (under cmd/ or at the root) are checked at first; examples, tools and generators are not. Each binary gets its own final stage."
	for {
		picked, err := w.Prompter.MultiSelect(mainsQuestion, help, options, defs)
		if err != nil {
			return nil, err
		}
		if len(picked) == 0 {
			fmt.Fprintln(w.Out, "Choose at least one binary: Space checks it.")
			continue
		}
		var dirs []string
		for _, i := range picked {
			dirs = append(dirs, p.Mains[i].Dir)
		}
		if len(current) == 0 && slices.Equal(picked, defs) {
			return nil, nil
		}
		return dirs, nil
	}
}

// mainLabel is one line of the binaries question: the directory, the
// binary name when it differs from the directory's, and the ports.
func mainLabel(m analyze.Main, pad int) string {
	var notes []string
	if m.Dir == "." || m.Binary != m.Dir[strings.LastIndex(m.Dir, "/")+1:] {
		notes = append(notes, "builds "+m.Binary)
	}
	if len(m.Ports) > 0 {
		notes = append(notes, "port "+plan.PortList(m.Ports))
	}
	if m.Cgo {
		notes = append(notes, "cgo")
	}
	if len(notes) == 0 {
		return m.Dir
	}
	return clip(fmt.Sprintf("%-*s  %s", pad, m.Dir, strings.Join(notes, ", ")), width-8)
}

// askPrimary asks which of the selected binaries the last stage builds.
// pl was decided with current; its primary is the default.
func (w *Wizard) askPrimary(p *analyze.Project, pl *plan.Plan, current string) (string, error) {
	var options, binaries []string
	def := 0
	pad := 0
	for _, f := range pl.Finals {
		pad = max(pad, len(f.Binary))
	}
	for _, m := range p.Mains {
		i := slices.IndexFunc(pl.Finals, func(f plan.Final) bool { return f.Dir == m.Dir })
		if i < 0 {
			continue
		}
		if m.Binary == pl.Choices.Primary {
			def = len(options)
		}
		label := m.Binary
		if len(m.Ports) > 0 {
			label = fmt.Sprintf("%-*s  port %s", pad, m.Binary, plan.PortList(m.Ports))
		}
		options = append(options, label)
		binaries = append(binaries, m.Binary)
	}
	help := "The primary binary is the last stage of the Dockerfile, so a plain docker build makes its image. The other binaries have their own stages: docker build --target NAME."
	i, err := w.Prompter.Select(primaryQuestion, help, options, def)
	if err != nil {
		return "", err
	}
	if current == "" && i == def {
		return "", nil // dockgen's own pick: keep it automatic
	}
	return binaries[i], nil
}

// askBase asks for the final image among the bases the plan offers. A
// project that needs cgo is offered only the bases the plan can run a cgo
// binary on, each with how it does.
func (w *Wizard) askBase(p *analyze.Project, o *plan.Offers, current plan.Base) (plan.Base, error) {
	offers := o.Bases
	if len(offers) == 0 {
		return "", fmt.Errorf("no base image can build this project")
	}
	if o.Cgo {
		writeWrapped(w.Out, "", cgoUsers(p, offers[0].Plan)+", so these are the bases that can run it:")
		for _, b := range offers {
			writeWrapped(w.Out, fmt.Sprintf("  %-10s  ", b.Info.Base), cgoWhy(b.Plan, offers))
		}
	} else {
		fmt.Fprintln(w.Out, "Base images for the final stage:")
		for _, b := range offers {
			writeWrapped(w.Out, fmt.Sprintf("  %-10s  ", b.Info.Base), b.Info.Summary)
		}
	}
	var options []string
	def := 0
	for i, b := range offers {
		label := fmt.Sprintf("%-10s  %s", b.Info.Base, b.Info.Size)
		if ref := b.Plan.Primary().Image.Ref(); o.Cgo && ref != string(b.Info.Base) {
			label = fmt.Sprintf("%-10s  %s", b.Info.Base, ref) // not the image Size is about
		}
		options = append(options, clip(label, width-8))
		if b.Info.Base == current {
			def = i
		}
	}
	help := "The final stage holds the binary and the files it needs at run time; the build stage is always the golang image. Every base runs as the nonroot user 65532."
	i, err := w.Prompter.Select(baseQuestion, help, options, def)
	if err != nil {
		return "", err
	}
	return offers[i].Info.Base, nil
}

// cgoWhy says how a base runs a cgo binary: the plan's cgo reasons that
// are its own (not shared by every base), else its reason for the primary's
// image.
func cgoWhy(pl *plan.Plan, offers []plan.BaseOffer) string {
	var own []string
	for _, r := range pl.Reasons {
		if r.Topic != "cgo" {
			continue
		}
		shared := true
		for _, o := range offers {
			shared = shared && slices.Contains(o.Plan.Reasons, r)
		}
		if !shared {
			own = append(own, r.Text)
		}
	}
	if len(own) > 0 {
		return strings.Join(own, "; ")
	}
	primary := pl.Primary().Binary
	for _, r := range pl.Reasons {
		if r.Topic == primary+": base" {
			return r.Text
		}
	}
	return ""
}

// cgoUsers says which selected binaries use cgo and through which packages.
func cgoUsers(p *analyze.Project, pl *plan.Plan) string {
	var bins, pkgs []string
	for _, f := range pl.Finals {
		for _, m := range p.Mains {
			if m.Dir == f.Dir && m.Cgo {
				bins = append(bins, m.Binary)
				for _, pkg := range m.CgoPackages {
					if !slices.Contains(pkgs, pkg) {
						pkgs = append(pkgs, pkg)
					}
				}
			}
		}
	}
	if len(bins) == 0 {
		return "cgo is on (--cgo on)"
	}
	return fmt.Sprintf("%s uses cgo (%s)", strings.Join(bins, ", "), strings.Join(pkgs, ", "))
}

// askPort asks for the port of one binary, defaulting to the earlier
// answer, else the detected port, else none. An answer equal to the
// detected port keeps the choice automatic.
func (w *Wizard) askPort(po plan.PortOffer, current int) (int, error) {
	detected := po.Detected
	def := "none"
	switch {
	case current > 0:
		def = strconv.Itoa(current)
	case current < 0:
		def = "none"
	case len(detected) > 0:
		def = strconv.Itoa(detected[0])
	}
	help := "The port goes into EXPOSE and into the docker run command printed at the end. Type none when the binary listens on no port."
	if len(detected) > 0 {
		help = fmt.Sprintf("The code listens on %s. ", plan.PortList(detected)) + help
	} else {
		help = "The analysis found no port in the code. " + help
	}
	answer, err := w.Prompter.Input(fmt.Sprintf(portQuestion, po.Binary), help, def, func(s string) error {
		_, err := plan.ParsePort(strings.TrimSpace(s))
		return err
	})
	if err != nil {
		return 0, err
	}
	answer = strings.TrimSpace(answer)
	if answer == def || answer == "" {
		return current, nil
	}
	n, err := plan.ParsePort(answer)
	if err != nil {
		return 0, err
	}
	if n > 0 && len(detected) == 1 && n == detected[0] {
		return 0, nil // what the code says: keep following it
	}
	if n < 0 && len(detected) == 0 {
		return 0, nil
	}
	return n, nil
}

// clip shortens s to n bytes with an ellipsis, so that an option never
// wraps in an 80-column terminal.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n-3] + "..."
}

// writeWrapped writes prefix and text wrapped at width, continuation lines
// indented to the prefix's width.
func writeWrapped(w io.Writer, prefix, text string) {
	prompter.Wrap(w, prefix, text, width)
}
