// Package render lays out a plan.Plan with the templates of package
// templates. Rendering is deterministic: the same plan gives the same bytes,
// with trailing spaces stripped, at most one blank line in a row, and exactly
// one final newline.
package render

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"text/template"

	"github.com/dockgen/dockgen/internal/plan"
	"github.com/dockgen/dockgen/templates"
)

// Files are the rendered files.
type Files struct {
	Dockerfile   []byte
	Dockerignore []byte
}

var (
	parseOnce sync.Once
	parsed    *template.Template
	parseErr  error
)

func tmpl() (*template.Template, error) {
	parseOnce.Do(func() { parsed, parseErr = templates.Parse() })
	return parsed, parseErr
}

// Render renders the Dockerfile and the .dockerignore of a plan.
func Render(p *plan.Plan) (Files, error) {
	df, err := Execute(templates.Dockerfile, p)
	if err != nil {
		return Files{}, err
	}
	di, err := Execute(templates.Dockerignore, p)
	if err != nil {
		return Files{}, err
	}
	return Files{Dockerfile: df, Dockerignore: di}, nil
}

// Execute renders one template with data and normalises the whitespace.
func Execute(name string, data any) ([]byte, error) {
	t, err := tmpl()
	if err != nil {
		return nil, fmt.Errorf("parsing templates: %w", err)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, name, data); err != nil {
		return nil, fmt.Errorf("rendering %s: %w", name, err)
	}
	return Normalize(buf.Bytes()), nil
}

// Normalize strips trailing white space from every line, squeezes runs of
// blank lines to one, drops leading blank lines and ends the text with
// exactly one newline.
func Normalize(b []byte) []byte {
	lines := strings.Split(string(b), "\n")
	var out []string
	blank := true // drop leading blank lines
	for _, l := range lines {
		l = strings.TrimRight(l, " \t\r")
		if l == "" {
			if blank {
				continue
			}
			blank = true
		} else {
			blank = false
		}
		out = append(out, l)
	}
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return []byte(strings.Join(out, "\n") + "\n")
}
