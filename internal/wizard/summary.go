package wizard

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/dockgen/dockgen/internal/plan"
	"github.com/dockgen/dockgen/internal/txwrite"
)

// summaryTopics are the reasons the summary shows, by topic or by the need
// after "binary: "; the rest (build flags, builder, platform) are shown
// with all. Order is the plan's own.
var summaryTopics = []string{"primary", "mains", "cgo", "tzdata", "version", "ca-certs", "tmp", "passwd", "files", "port"}

// Summary writes what the plan builds and why: one line per image, then
// the reasons a person most wants to check (the primary binary, cgo, CA
// certificates, time zones, version stamping, ports, run-time files), or
// with all every reason.
func Summary(w io.Writer, pl *plan.Plan, all bool) {
	fmt.Fprintf(w, "\nThe plan (Go %s):\n", pl.GoVersion)
	pad := 0
	for _, f := range pl.Finals {
		pad = max(pad, len(f.Stage))
	}
	for i, f := range pl.Finals {
		line := fmt.Sprintf("  %-*s  %s", pad, f.Stage, f.Image.Ref())
		switch len(f.Ports) {
		case 0:
		case 1:
			line += ", port " + plan.PortList(f.Ports)
		default:
			line += ", ports " + plan.PortList(f.Ports)
		}
		if i == len(pl.Finals)-1 && len(pl.Finals) > 1 {
			line += " (default)"
		}
		fmt.Fprintln(w, line)
	}
	fmt.Fprintln(w, "Why:")
	for _, r := range pl.Reasons {
		if all || shown(r.Topic) {
			writeWrapped(w, "  - ", r.Topic+": "+r.Text)
		}
	}
}

func shown(topic string) bool {
	if i := strings.LastIndex(topic, ": "); i >= 0 {
		topic = topic[i+2:]
	}
	for _, t := range summaryTopics {
		if t == topic {
			return true
		}
	}
	return false
}

// Preview writes what applying changes does to each file: a new file in
// full, a diff for a file that changes, one line for a file that stays.
// It goes from the last change to the first, so that the first file (the
// Dockerfile) ends right above the question that follows.
func Preview(w io.Writer, changes []txwrite.Change) {
	for i := len(changes) - 1; i >= 0; i-- {
		c := changes[i]
		switch c.Action {
		case txwrite.Unchanged:
			fmt.Fprintf(w, "\n==> %s (unchanged)\n", c.Name)
		case txwrite.Create:
			n := bytes.Count(c.New, []byte("\n"))
			lines := "lines"
			if n == 1 {
				lines = "line"
			}
			fmt.Fprintf(w, "\n==> %s (new, %d %s)\n", c.Name, n, lines)
			if strings.HasSuffix(c.Name, ".dockerignore") && summariseIgnore(w, c.New) {
				continue
			}
			w.Write(c.New)
		default:
			fmt.Fprintf(w, "\n==> %s (%s)\n", c.Name, c.Action)
			if c.Note != "" {
				writeWrapped(w, "", c.Note)
			}
			fmt.Fprint(w, c.Diff())
		}
	}
	fmt.Fprintln(w)
}

// usualIgnore are the lines of every generated .dockerignore that need no
// reading: everything out, then module files and Go sources let in, tests
// kept out.
var usualIgnore = []string{"*", "!**/go.mod", "!**/go.sum", "!**/*.go", "**/*_test.go", "**/testdata"}

// summariseIgnore writes, instead of a generated .dockerignore in full, what
// it does and its entries a person may not expect (embedded and run-time
// files let in, anything kept out beyond tests), so that the plan and the
// question stay on one screen. It reports false for a file that does not
// start by leaving everything out (then the text is shown whole).
func summariseIgnore(w io.Writer, data []byte) bool {
	var in, out []string
	dirs := 0
	all := false
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case line == "*":
			all = true
		case slices.Contains(usualIgnore, line):
		case strings.HasPrefix(line, "!") && strings.HasSuffix(line, "/*.go"):
			dirs++ // a package directory named for older Docker releases
		case strings.HasPrefix(line, "!"):
			in = append(in, line[1:])
		default:
			out = append(out, line)
		}
	}
	if !all {
		return false
	}
	text := "Everything stays out of the build context but go.mod, go.sum and the Go sources"
	if dirs > 0 {
		text += fmt.Sprintf(" (%d package %s named)", dirs, plural(dirs, "directory", "directories"))
	}
	if len(in) > 0 {
		text += ", and " + strings.Join(in, ", ")
	}
	text += "; tests stay out"
	if len(out) > 0 {
		text += ", and " + strings.Join(out, ", ")
	}
	writeWrapped(w, "", text+". The whole file: dockgen generate --diff.")
	return true
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// ConfirmWrite asks whether to write changes. The default is yes, and no
// when a file the person wrote is replaced or a conflict would be written
// with markers.
func (w *Wizard) ConfirmWrite(changes []txwrite.Change) (bool, error) {
	var names []string
	def := true
	for _, c := range changes {
		if !c.Writes() {
			continue
		}
		names = append(names, c.Name)
		if c.Action == txwrite.Replace || c.Action == txwrite.Conflict {
			def = false
		}
	}
	msg := "Write " + joinAnd(names) + "?"
	if dir := sameDir(names); dir != "." {
		for i, n := range names {
			names[i] = filepath.Base(n)
		}
		msg = "Write " + joinAnd(names) + " in " + dir + "?"
	}
	help := "Yes writes the files as previewed above; no leaves every file as it is."
	if !def {
		help = "A file that is replaced is saved to a backup first (.bak); a conflict is written with markers for you to resolve. No leaves every file as it is."
	}
	return w.Prompter.Confirm(msg, help, def)
}

// sameDir returns the directory of every name, or "." when they differ.
func sameDir(names []string) string {
	dir := ""
	for _, n := range names {
		if d := filepath.Dir(n); dir == "" || d == dir {
			dir = d
		} else {
			return "."
		}
	}
	if dir == "" {
		return "."
	}
	return dir
}

func joinAnd(s []string) string {
	if len(s) <= 1 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}
