// Package templates holds the text/template files dockgen renders, embedded
// in the binary and parsed once. Templates only lay out a plan.Plan: every
// decision is made in package plan.
package templates

import (
	"embed"
	"encoding/json"
	"strings"
	"text/template"

	"github.com/dockgen/dockgen/internal/header"
	"github.com/dockgen/dockgen/internal/textwrap"
)

//go:embed *.tmpl
var files embed.FS

// Names of the templates.
const (
	Dockerfile   = "Dockerfile.tmpl"
	Dockerignore = "dockerignore.tmpl"
)

// Funcs are the layout helpers templates may call.
var Funcs = template.FuncMap{
	// join joins strings with a separator.
	"join": strings.Join,
	// json writes a string list in JSON (exec) form.
	"json": func(list []string) (string, error) {
		b, err := json.Marshal(list)
		return string(b), err
	},
	// paths writes the sources and destination of a COPY: separated by
	// spaces, or in the JSON form when one holds a space or a quote (a
	// data directory "Application Support"), which the plain form would
	// split.
	"paths": Paths,
	// list makes a string list.
	"list": func(s ...string) []string { return s },
	// marker is the text that marks a file as generated (package header).
	"marker": func() string { return header.Marker },
	// comment writes text as comment lines, wrapped at CommentWidth.
	"comment": Comment,
	// settingsPrefix starts the settings line (package header).
	"settingsPrefix": func() string { return header.SettingsPrefix },
}

// Paths writes the paths of a COPY (sources, then the destination):
// separated by spaces, or as a JSON array when one of them holds a space,
// a tab, a quote, a $ or a backslash.
func Paths(paths ...string) (string, error) {
	for _, p := range paths {
		if strings.ContainsAny(p, " \t\"'$\\") {
			// BuildKit expands the words of the JSON form too (quotes, $,
			// the escape character): each of those is escaped.
			quoted := make([]string, len(paths))
			for i, p := range paths {
				quoted[i] = wordEscaper.Replace(p)
			}
			b, err := json.Marshal(quoted)
			return string(b), err
		}
	}
	return strings.Join(paths, " "), nil
}

// wordEscaper escapes what BuildKit's word expansion would read in a path.
var wordEscaper = strings.NewReplacer(`\`, `\\`, `'`, `\'`, `"`, `\"`, `$`, `\$`)

// CommentWidth is the width of the comment lines in the files: a long note
// reads in an 80-column terminal or a side-by-side diff. The marker and
// settings lines of the header are not wrapped; they are read back.
const CommentWidth = 80

// Comment writes text as "# " lines, wrapped at word boundaries to fit
// CommentWidth (a longer word, such as a URL, keeps its own line). A line
// of text that starts with two spaces is a command to copy: it is kept
// whole, indented.
func Comment(text string) string {
	var out []string
	for _, para := range strings.Split(text, "\n") {
		if strings.HasPrefix(para, "  ") {
			out = append(out, "# "+para)
			continue
		}
		for _, l := range textwrap.Lines(para, CommentWidth-2) {
			out = append(out, "# "+l)
		}
	}
	if len(out) == 0 {
		return "#"
	}
	return strings.Join(out, "\n")
}

// Parse parses every embedded template with missingkey=error.
func Parse() (*template.Template, error) {
	return template.New("dockgen").Funcs(Funcs).Option("missingkey=error").ParseFS(files, "*.tmpl")
}
