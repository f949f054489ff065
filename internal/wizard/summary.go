package wizard

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/dockgen/dockgen/internal/plan"
	"github.com/dockgen/dockgen/internal/textwrap"
	"github.com/dockgen/dockgen/internal/txwrite"
)

// summaryTopics are the reasons the summary shows, by topic or by the need
// after "binary: "; the rest (build flags, builder, platform, version
// stamping) are shown with all, and so is cgo when the build does not use
// it. Order is the plan's own.
var summaryTopics = []string{"primary", "mains", "cgo", "tzdata", "ca-certs", "tmp", "passwd", "files", "port"}

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
		if all || shown(r.Topic) && (r.Topic != "cgo" || pl.Cgo) {
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

// Preview writes what applying changes does to each file: a diff for a
// file that changes, one line for a file that stays, and for a new file
// only its size, or for the .dockerignore what it holds beyond the usual
// lines (IgnoreSummary): its full text is shown on request at the question
// that follows (ConfirmWrite), so that the plan above and the question fit
// on one 80×24 screen. It goes from the last change to the first, so that
// the first file (the Dockerfile) ends right above the question.
func Preview(w io.Writer, changes []txwrite.Change, ig plan.Ignore) {
	fmt.Fprintln(w)
	for i := len(changes) - 1; i >= 0; i-- {
		c := changes[i]
		switch c.Action {
		case txwrite.Unchanged:
			fmt.Fprintf(w, "==> %s (unchanged)\n", c.Name)
		case txwrite.Create:
			n := bytes.Count(c.New, []byte("\n"))
			head := fmt.Sprintf("==> %s (new, %d %s)", c.Name, n, plural(n, "line", "lines"))
			if isIgnore(c.Name) {
				IgnoreSummary(w, head, ig)
			} else {
				fmt.Fprintln(w, head)
			}
		default:
			fmt.Fprintf(w, "==> %s (%s)\n", c.Name, c.Action)
			if c.Note != "" {
				writeWrapped(w, "", c.Note)
			}
			fmt.Fprint(w, c.Diff())
		}
	}
}

func isIgnore(name string) bool { return filepath.Base(name) == ".dockerignore" }

// IgnoreSummary writes head, then what a generated .dockerignore holds,
// from the plan that decides it: its style, how many of its lines are the
// usual ones every such file has, and in full the groups beyond them,
// which a person may not expect (embedded and run-time files let in,
// directories let in whole).
func IgnoreSummary(w io.Writer, head string, ig plan.Ignore) {
	usual := 0
	var more []plan.IgnoreGroup
	for _, g := range ig.Groups {
		if g.Routine {
			usual += len(g.Patterns)
		} else {
			more = append(more, g)
		}
	}
	list := "a " + string(ig.Style) + " list"
	if ig.Style == plan.ContextAllow {
		list = "an allow list"
	}
	if len(more) == 0 {
		writeWrapped(w, "", fmt.Sprintf("%s: %s, the usual lines only", head, list))
		return
	}
	writeWrapped(w, "", fmt.Sprintf("%s: %s; beyond the usual %d %s:", head, list, usual, plural(usual, "line", "lines")))
	for _, g := range more {
		writeWrapped(w, "  - ", groupHead(g.Comment)+": "+strings.Join(g.Patterns, " "))
	}
}

// groupHead is the part of a group's comment before its first colon: what
// the group is about ("Module files").
func groupHead(comment string) string {
	head, _, _ := strings.Cut(comment, ": ")
	return head
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// The answers of ConfirmWrite.
const (
	answerYes  = "Yes"
	answerNo   = "No"
	answerShow = "Show the new files"
)

// ConfirmWrite asks whether to write changes, offering to show each new
// file in full first (Preview showed only its size). The default is yes,
// and no when a file the person wrote is replaced or a conflict would be
// written with markers.
func (w *Wizard) ConfirmWrite(changes []txwrite.Change) (bool, error) {
	var names []string
	def := 0
	var created []txwrite.Change
	for _, c := range changes {
		if !c.Writes() {
			continue
		}
		names = append(names, c.Name)
		if c.Action == txwrite.Replace || c.Action == txwrite.Conflict {
			def = 1
		}
		if c.Action == txwrite.Create {
			created = append(created, c)
		}
	}
	options := []string{answerYes, answerNo}
	if len(created) > 0 {
		options = append(options, answerShow)
	}
	msg := "Write " + joinAnd(names) + "?"
	if dir := sameDir(names); dir != "." {
		for i, n := range names {
			names[i] = filepath.Base(n)
		}
		msg = "Write " + joinAnd(names) + " in " + dir + "?"
	}
	help := "Yes writes the files as previewed above; no leaves every file as it is. Show prints the new files in full, then asks again."
	if def == 1 {
		help = "A file that is replaced is saved to a backup first (.bak); a conflict is written with markers for you to resolve. No leaves every file as it is."
	}
	for {
		i, err := w.Prompter.Select(msg, help, options, def)
		if err != nil || i < 2 {
			return i == 0, err
		}
		for _, c := range created {
			fmt.Fprintf(w.Out, "\n==> %s\n", c.Name)
			writeText(w.Out, c.New)
		}
		fmt.Fprintln(w.Out)
	}
}

// writeText writes a file's text for a person to read on the terminal:
// comment lines wider than the screen are wrapped at word boundaries, each
// part a comment; other lines are written as they are.
func writeText(w io.Writer, text []byte) {
	for _, line := range strings.SplitAfter(string(text), "\n") {
		body := strings.TrimLeft(line, " \t")
		if len(strings.TrimRight(line, "\n")) <= width || !strings.HasPrefix(body, "#") {
			io.WriteString(w, line)
			continue
		}
		indent := line[:len(line)-len(body)] + "# "
		for _, l := range textwrap.Lines(strings.TrimPrefix(body, "#"), width-len(indent)) {
			fmt.Fprintln(w, indent+l)
		}
	}
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
