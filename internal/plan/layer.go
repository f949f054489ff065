package plan

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/dockgen/dockgen/internal/analyze"
)

// Given says which choices were made explicitly — by a flag on the command
// line, or by an answer in the wizard. A given choice wins over the saved
// settings, and the wizard does not ask about it.
type Given struct {
	Base, Mains, Primary, Port, Ports, Cgo, Include, Context, GoVersion, Pin bool
	// PortNames are the binaries whose port was given by name (--port
	// NAME=N): the wizard does not ask theirs.
	PortNames []string
}

// choice declares one of the Choices once: its word in the settings line,
// the flag that sets it, and how Layer takes it over. Adding a choice is a
// field in Choices, a field in Given when a flag sets it, a row in
// choiceTable, and the flag itself in the command line.
type choice struct {
	key    string             // settings key
	flag   string             // flag that sets it; "" when none does
	given  func(*Given) *bool // its field in Given; nil when no flag sets it
	take   func(dst *Choices, src Choices)
	format func(Choices) string // settings value; "" leaves the word out
	parse  func(*Choices, string) error
}

// choiceTable lists the choices in the order of the settings line.
var choiceTable = []choice{
	{
		key: "base", flag: "base",
		given:  func(g *Given) *bool { return &g.Base },
		take:   func(dst *Choices, src Choices) { dst.Base = src.Base },
		format: func(c Choices) string { return string(orDefault(c.Base, Distroless)) },
		parse:  func(c *Choices, s string) (err error) { c.Base, err = ParseBase(s); return err },
	},
	{
		key: "mains", flag: "main",
		given:  func(g *Given) *bool { return &g.Mains },
		take:   func(dst *Choices, src Choices) { dst.Mains = src.Mains },
		format: func(c Choices) string { return orWord(c.Mains, "auto") },
		parse:  func(c *Choices, s string) error { c.Mains = unlessWord(s, "auto"); return nil },
	},
	{
		key: "primary", flag: "primary",
		given:  func(g *Given) *bool { return &g.Primary },
		take:   func(dst *Choices, src Choices) { dst.Primary = src.Primary },
		format: func(c Choices) string { return orDefault(c.Primary, "auto") },
		parse: func(c *Choices, s string) error {
			c.Primary = s
			if s == "auto" {
				c.Primary = ""
			}
			return nil
		},
	},
	{
		key: "port", flag: "port",
		given:  func(g *Given) *bool { return &g.Port },
		take:   func(dst *Choices, src Choices) { dst.Port = src.Port },
		format: func(c Choices) string { return formatPort(c.Port) },
		parse:  func(c *Choices, s string) (err error) { c.Port, err = ParsePort(s); return err },
	},
	{
		// The port of a binary by name (--port NAME=N): given names are
		// put over the saved ones, one by one.
		key: "ports", flag: "port",
		given:  func(g *Given) *bool { return &g.Ports },
		take:   func(dst *Choices, src Choices) { dst.Ports = MergePorts(dst.Ports, src.Ports) },
		format: func(c Choices) string { return formatPorts(c.Ports) },
		parse:  func(c *Choices, s string) (err error) { c.Ports, err = parsePorts(s); return err },
	},
	{
		key: "cgo", flag: "cgo",
		given:  func(g *Given) *bool { return &g.Cgo },
		take:   func(dst *Choices, src Choices) { dst.Cgo = src.Cgo },
		format: func(c Choices) string { return string(orDefault(c.Cgo, CgoAuto)) },
		parse:  func(c *Choices, s string) (err error) { c.Cgo, err = ParseCgo(s); return err },
	},
	{
		key: "include", flag: "include",
		given:  func(g *Given) *bool { return &g.Include },
		take:   func(dst *Choices, src Choices) { dst.Include = src.Include },
		format: func(c Choices) string { return orWord(c.Include, "none") },
		parse: func(c *Choices, s string) (err error) {
			c.Include, err = parseIncludes(unlessWord(s, "none"))
			return err
		},
	},
	{
		// Always written, so that a line without it says the file comes
		// from a dockgen that wrote only deny lists (the cli then keeps the
		// style of the .dockerignore it finds).
		key: "context", flag: "context",
		given:  func(g *Given) *bool { return &g.Context },
		take:   func(dst *Choices, src Choices) { dst.Context = src.Context },
		format: func(c Choices) string { return string(orDefault(c.Context, ContextAllow)) },
		parse:  func(c *Choices, s string) (err error) { c.Context, err = ParseContext(s); return err },
	},
	{
		// Private module patterns come from the environment (GOPRIVATE)
		// and are remembered; no flag sets them.
		key:    "private",
		format: func(c Choices) string { return strings.Join(c.Private, ",") },
		parse:  func(c *Choices, s string) error { c.Private = unlessWord(s, "none"); return nil },
	},
	{
		key: "go", flag: "go-version",
		given:  func(g *Given) *bool { return &g.GoVersion },
		take:   func(dst *Choices, src Choices) { dst.GoVersion = src.GoVersion },
		format: func(c Choices) string { return c.GoVersion }, // only when pinned
		parse:  func(c *Choices, s string) error { c.GoVersion = s; return ParseGoVersion(s) },
	},
	{
		key: "pin", flag: "pin",
		given: func(g *Given) *bool { return &g.Pin },
		take:  func(dst *Choices, src Choices) { dst.Pin = src.Pin },
		format: func(c Choices) string {
			if c.Pin {
				return "digest"
			}
			return "" // only when pinned
		},
		parse: func(c *Choices, s string) error {
			if s != "digest" {
				return fmt.Errorf("pin=%s (want digest)", s)
			}
			c.Pin = true
			return nil
		},
	},
}

func orDefault[T ~string](v, def T) T {
	if v == "" {
		return def
	}
	return v
}

// GivenBy returns which choices were given, from a test of whether the
// flag of that name was set on the command line (cobra's
// Flags().Changed).
func GivenBy(changed func(flag string) bool) Given {
	var g Given
	for _, ch := range choiceTable {
		if ch.given != nil {
			*ch.given(&g) = changed(ch.flag)
		}
	}
	return g
}

// AllGiven says every choice was made: the wizard's answers, taken whole.
func AllGiven() Given {
	return GivenBy(func(string) bool { return true })
}

// Layer returns the choices to plan with: the saved settings of an earlier
// run, with the given choices of flags put over them. A saved primary that
// the given mains no longer select is dropped, so that the plan picks one
// again (see DropStalePrimary).
func Layer(p *analyze.Project, saved, flags Choices, given Given) Choices {
	out := saved
	for _, ch := range choiceTable {
		if ch.given != nil && *ch.given(&given) {
			ch.take(&out, flags)
		}
	}
	if given.Mains && !given.Primary {
		out = DropStalePrimary(p, out)
	}
	return layerPorts(p, out, given)
}

// layerPorts settles the ports of c, layered from saved and given: a saved
// port of a binary no main package builds any more is dropped (a name
// given on the command line stays, for Decide to report). It notes the
// ports that still come from the saved settings, and those dropped, for
// Decide's reasons, and whether the unnamed port was given: it then wins
// over the primary's saved port by name (given wins over saved), which
// Decide settles once the primary is known (the wizard may still change
// it).
func layerPorts(p *analyze.Project, c Choices, given Given) Choices {
	c.Ports = maps.Clone(c.Ports)
	saved := savedPorts{portGiven: given.Port}
	if !given.Port {
		saved.port = c.Port
	}
	for _, name := range slices.Sorted(maps.Keys(c.Ports)) {
		n := c.Ports[name]
		switch {
		case slices.Contains(given.PortNames, name):
		case !builds(p, name):
			delete(c.Ports, name)
			saved.dropped = append(saved.dropped, fmt.Sprintf("saved port of %s dropped (ports=%s:%s in the saved settings): no main package builds %s", name, name, formatPort(n), name))
		default:
			saved.ports = MergePorts(saved.ports, map[string]int{name: n})
		}
	}
	c.Ports = MergePorts(nil, c.Ports)
	if saved.portGiven || saved.port != 0 || saved.ports != nil || saved.dropped != nil {
		c.saved = &saved
	}
	return c
}

// DropStalePrimary returns c without its primary when c's mains do not
// select it any more (a saved primary after the selection changed), so
// that the plan picks the primary again.
func DropStalePrimary(p *analyze.Project, c Choices) Choices {
	if c.Primary == "" {
		return c
	}
	s, err := Select(p, Choices{Mains: c.Mains})
	if err != nil {
		return c // an unknown main: Decide reports it
	}
	if _, ok := FindMain(s.Mains, c.Primary); !ok {
		c.Primary = ""
	}
	return c
}

// builds says whether a main package of p builds the binary name.
func builds(p *analyze.Project, name string) bool {
	return slices.ContainsFunc(p.Mains, func(m analyze.Main) bool { return m.Binary == name })
}
