package lint

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// allowList is an allow-style .dockerignore, as dockgen writes it.
var allowList = []string{"*", "!**/go.mod", "!**/go.sum", "!**/*.go", "!cmd/api/*.go", "**/*_test.go", "!templates"}

// TestCopyIgnoredFileAllowList: BuildKit says nothing about a .dockerignore
// with exceptions; dockgen reports a COPY or bind mount of what an allow
// list leaves out, and only that.
func TestCopyIgnoredFileAllowList(t *testing.T) {
	ctx := fstest.MapFS{
		"go.mod":                  {Data: []byte("module m\n")},
		"cmd/api/main.go":         {Data: []byte("package main\n")},
		"templates/index.html":    {Data: []byte("<p>\n")},
		"config/app.yaml":         {Data: []byte("a: 1\n")},
		"config/nested/extra.go":  {Data: []byte("package nested\n")},
		"motd.txt":                {Data: []byte("hi\n")},
		"static/img/logo.svg":     {Data: []byte("<svg/>\n")},
		"static/img/logo_test.go": {Data: []byte("package img\n")},
	}
	for _, tt := range []struct {
		name, line string
		ctx        bool // the context is at hand
		want       string
	}{
		{name: "copied directory let in", line: "COPY templates /app/templates", ctx: true},
		{name: "copied file left out", line: "COPY motd.txt /app/motd.txt", want: `"motd.txt"`},
		{name: "directory left out, context at hand", line: "COPY static /app/static", ctx: true, want: `"static"`},
		{name: "directory with a Go file let in", line: "COPY config /app/config", ctx: true},
		{name: "directory, context not at hand: **/*.go may reach below", line: "COPY static /app/static"},
		{name: "bind mount of a file left out", line: "RUN --mount=type=bind,source=motd.txt,target=/motd.txt cat /motd.txt", want: `bind-mount file "motd.txt"`},
		{name: "bind mount of the module file", line: "RUN --mount=type=bind,source=go.mod,target=go.mod go mod download"},
		{name: "whole context", line: "COPY . .", ctx: true},
		{name: "wildcards are not judged", line: "COPY *.txt /app/", ctx: true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			opts := Options{Ignore: &Ignore{Name: ".dockerignore", Patterns: allowList}}
			if tt.ctx {
				opts.Context = ctx
			}
			found := lintString(t, df("FROM golang:1.26-trixie AS build", "WORKDIR /src", tt.line), opts)
			i := slices.IndexFunc(found, func(f Finding) bool { return f.Rule == "CopyIgnoredFile" })
			switch {
			case tt.want == "" && i >= 0:
				t.Errorf("unexpected finding: %s", found[i])
			case tt.want != "" && i < 0:
				t.Errorf("no CopyIgnoredFile finding; got\n%s", dump(found))
			case tt.want != "" && (found[i].Line != 3 || !strings.Contains(found[i].Message, tt.want)):
				t.Errorf("finding %s, want line 3 naming %s", found[i], tt.want)
			}
		})
	}
}
