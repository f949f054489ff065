package realworld

import (
	"fmt"
	"slices"
	"strings"

	"github.com/dockgen/dockgen/internal/analyze"
	"github.com/dockgen/dockgen/internal/plan"
)

// Mismatch is one expectation that dockgen does not meet.
type Mismatch struct {
	// Main is the main's directory, "" for the project.
	Main string
	// Field is the expectation's JSON name.
	Field     string
	Want, Got string
	// Strict mismatches fail the analysis level; the others are reported.
	Strict bool
}

func (m Mismatch) String() string {
	where := m.Field
	if m.Main != "" {
		where = m.Main + ": " + m.Field
	}
	return fmt.Sprintf("%s: want %s, got %s", where, m.Want, m.Got)
}

// Strict lists the fields the analysis level fails on, unless a repo
// marks one as a known gap (Blocked.Field). The other run-level fields
// (ports, runtime_files, primary) are compared and reported.
var Strict = []string{"mains", "cgo", "cgo_optional", "generate", "listen", "command", "health", "database"}

// Compare checks what dockgen found (the analysis and the default plan)
// against the expectations of r.
func Compare(r Repo, p *analyze.Project, pl *plan.Plan) []Mismatch {
	var out []Mismatch
	add := func(main, field string, want, got any) {
		w, g := show(want), show(got)
		if w != g {
			out = append(out, Mismatch{Main: main, Field: field, Want: w, Got: g, Strict: slices.Contains(Strict, field)})
		}
	}
	var wantDirs, gotDirs []string
	for _, m := range r.Mains {
		wantDirs = append(wantDirs, m.Dir)
	}
	for _, m := range p.Mains {
		gotDirs = append(gotDirs, m.Dir)
	}
	add("", "mains", wantDirs, gotDirs)
	if pl != nil {
		add("", "primary", r.Primary.Value, pl.Choices.Primary)
	}
	for _, got := range p.Mains {
		want, ok := r.Main(got.Dir)
		if !ok {
			continue
		}
		add(got.Dir, "cgo", want.Cgo.Value, got.Cgo)
		add(got.Dir, "cgo_optional", want.CgoOptional.Value, got.CgoOptional)
		add(got.Dir, "generate", want.Generate.Value, generateOf(got))
		add(got.Dir, "ports", want.Ports.Value, got.Ports)
		add(got.Dir, "runtime_files", want.RuntimeFiles.Value, runtimePaths(got))
		add(got.Dir, "listen", want.Listen.Value, listenOf(got, want.Listen.Value))
		add(got.Dir, "command", want.Command.Value, got.Command)
		if want.Health != nil {
			add(got.Dir, "health", showHealth(want.Health.Value), showHealth(Health{got.HealthPath, got.HealthPort, got.HealthCommand}))
		}
		add(got.Dir, "database", want.Database.Value, databaseOf(got))
	}
	return out
}

// databaseOf is the database server the analysis says the main needs:
// the first it connects to that is not one choice of its configuration,
// "" for none.
func databaseOf(m analyze.Main) string {
	for _, db := range m.Databases {
		if db.Choice == "" {
			return db.Kind
		}
	}
	return ""
}

// generateOf is the go:generate command the analysis says must run first.
func generateOf(m analyze.Main) string {
	var cmds []string
	for _, g := range m.Generate {
		cmds = append(cmds, g.Command)
	}
	return strings.Join(cmds, "; ")
}

// listenOf is the listen address the analysis found: want when it is
// among the addresses found (a main may listen on several), else the
// first, "" for none.
func listenOf(m analyze.Main, want string) string {
	for _, l := range m.Listen {
		if l.Address == want {
			return want
		}
	}
	if len(m.Listen) == 0 {
		return ""
	}
	return m.Listen[0].Address
}

func runtimePaths(m analyze.Main) []string {
	var out []string
	for _, f := range m.RuntimeFiles {
		out = append(out, f.Source)
	}
	return out
}

// show prints a value the same way whether it is nil or empty.
// showHealth is the text a health expectation is compared by.
func showHealth(h Health) string {
	return fmt.Sprintf("route %s port %d command %s", show(h.Route), h.Port, show(h.Command))
}

func show(v any) string {
	switch v := v.(type) {
	case []string:
		if len(v) == 0 {
			return "[]"
		}
		return "[" + strings.Join(v, " ") + "]"
	case []int:
		if len(v) == 0 {
			return "[]"
		}
		return strings.ReplaceAll(fmt.Sprint(v), " ", " ")
	case string:
		if v == "" {
			return `""`
		}
		return v
	}
	return fmt.Sprint(v)
}
