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
	// list makes a string list.
	"list": func(s ...string) []string { return s },
	// marker is the text that marks a file as generated (package header).
	"marker": func() string { return header.Marker },
	// settingsPrefix starts the settings line (package header).
	"settingsPrefix": func() string { return header.SettingsPrefix },
}

// Parse parses every embedded template with missingkey=error.
func Parse() (*template.Template, error) {
	return template.New("dockgen").Funcs(Funcs).Option("missingkey=error").ParseFS(files, "*.tmpl")
}
