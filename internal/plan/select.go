package plan

import (
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/dockgen/dockgen/internal/analyze"
)

// Selection is which main packages a plan builds and which of them is the
// primary binary. It is the one answer to "which main does --main or
// --primary name": the planner, the command line and the wizard all ask
// Select.
type Selection struct {
	// Mains are the selected mains: the chosen ones sorted by directory,
	// or the default selection in the project's order.
	Mains []analyze.Main
	// Left are the mains the default selection leaves out (tools,
	// examples); empty when mains were chosen.
	Left []analyze.Main
	// Primary is the binary of the last, default stage.
	Primary analyze.Main
	// Why says how dockgen picked the primary; empty when it was chosen
	// or is the only binary.
	Why string
}

// Select resolves the mains and the primary of c against the project's
// main packages. Errors wrap ErrChoice.
func Select(p *analyze.Project, c Choices) (Selection, error) {
	var s Selection
	var err error
	if s.Mains, s.Left, err = selectMains(p.Mains, c.Mains); err != nil {
		return s, err
	}
	s.Primary, s.Why, err = pickPrimary(p.Module, s.Mains, c.Primary)
	return s, err
}

// Others returns the selected mains other than the primary.
func (s Selection) Others() []analyze.Main {
	var out []analyze.Main
	for _, m := range s.Mains {
		if m.Dir != s.Primary.Dir {
			out = append(out, m)
		}
	}
	return out
}

// selectMains returns the mains the person chose, or the default selection
// and what it leaves out.
func selectMains(all []analyze.Main, want []string) (selected, left []analyze.Main, err error) {
	if len(want) == 0 {
		selected, left = DefaultMains(all)
		return selected, left, nil
	}
	seen := map[string]bool{}
	for _, w := range want {
		m, ok := FindMain(all, w)
		if !ok {
			return nil, nil, fmt.Errorf("%w: --main %s: no main package there (main packages: %s)", ErrChoice, w, mainDirs(all))
		}
		if !seen[m.Dir] {
			seen[m.Dir] = true
			selected = append(selected, m)
		}
	}
	sort.Slice(selected, func(i, j int) bool { return selected[i].Dir < selected[j].Dir })
	return selected, nil, nil
}

// FindMain finds a main package by directory ("cmd/api", "./cmd/api") or by
// binary name; a directory match wins.
func FindMain(mains []analyze.Main, want string) (analyze.Main, bool) {
	clean := path.Clean(strings.TrimPrefix(strings.ReplaceAll(want, `\`, "/"), "./"))
	if want == "./" || want == "." {
		clean = "."
	}
	for _, m := range mains {
		if m.Dir == clean {
			return m, true
		}
	}
	for _, m := range mains {
		if m.Binary == want {
			return m, true
		}
	}
	return analyze.Main{}, false
}

func mainDirs(mains []analyze.Main) string {
	var dirs []string
	for _, m := range mains {
		dirs = append(dirs, m.Dir)
	}
	return strings.Join(dirs, ", ")
}

// notServiceDirs are directory names whose mains are tools, not services.
var notServiceDirs = []string{"example", "examples", "_examples", "tools", "tool", "hack", "scripts", "script", "internal", "test", "tests", "e2e", "gen", "generate", "generator", "generators", "docs", "doc", "demo", "demos", "bench", "benchmarks", "contrib", "misc", "sample", "samples", "testutil", "fuzz"}

// whyNotService says why a main is not built by default, or "" when it is.
// Rules, first match wins: a directory element in notServiceDirs; cgo that
// links C libraries beyond the C library (the build stage lacks their
// development packages, so the shared build step would fail for every
// binary: a PAM or libusb helper next to a service).
func whyNotService(m analyze.Main) string {
	if m.Dir != "." {
		for _, elem := range strings.Split(m.Dir, "/") {
			for _, n := range notServiceDirs {
				if elem == n {
					return fmt.Sprintf("under %s/, looks like a tool or example", elem)
				}
			}
		}
	}
	if m.Cgo && len(m.CgoLibs) > 0 {
		return fmt.Sprintf("links %s, whose development files the build stage does not have", strings.Join(m.CgoLibs, ", "))
	}
	return ""
}

// DefaultMains splits mains into the service-like ones built by default and
// the rest (examples, tools, generators). When none looks like a service,
// all are built.
func DefaultMains(mains []analyze.Main) (selected, left []analyze.Main) {
	for _, m := range mains {
		if whyNotService(m) == "" {
			selected = append(selected, m)
		} else {
			left = append(left, m)
		}
	}
	if len(selected) == 0 {
		return mains, nil
	}
	return selected, left
}

// primaryRules pick the primary binary when none is chosen, in order: the
// first rule that matches a selected main wins.
var primaryRules = []struct {
	why string
	ok  func(m analyze.Main, module string) bool
}{
	{"named like the module", func(m analyze.Main, module string) bool { return m.Binary == analyze.BinaryName(module) }},
	{"the main package at the module root", func(m analyze.Main, _ string) bool { return m.Dir == "." }},
	{"the first binary that listens on a port", func(m analyze.Main, _ string) bool { return len(m.Ports) > 0 }},
	{"the first binary", func(analyze.Main, string) bool { return true }},
}

// pickPrimary returns the primary binary: the chosen one (by FindMain's
// rule), the only one, or the first that primaryRules pick, with why.
func pickPrimary(module string, mains []analyze.Main, want string) (analyze.Main, string, error) {
	if want != "" {
		if m, ok := FindMain(mains, want); ok {
			return m, "", nil
		}
		return analyze.Main{}, "", fmt.Errorf("%w: primary binary %s is not among the selected binaries (%s)", ErrChoice, want, binaries(mains))
	}
	if len(mains) == 1 {
		return mains[0], "", nil
	}
	for _, r := range primaryRules {
		for _, m := range mains {
			if r.ok(m, module) {
				return m, r.why, nil
			}
		}
	}
	return mains[0], "", nil
}

func binaries(mains []analyze.Main) string {
	var names []string
	for _, m := range mains {
		names = append(names, m.Binary)
	}
	return strings.Join(names, ", ")
}
