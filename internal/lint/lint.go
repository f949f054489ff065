package lint

import (
	"bytes"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/moby/buildkit/frontend/dockerfile/shell"

	"github.com/dockgen/dockgen/internal/dockerfile"
)

// Options are what a Dockerfile is linted against besides its own text.
type Options struct {
	// Ignore is the .dockerignore of the build context; nil when there is
	// none.
	Ignore *Ignore
	// Context is the build context, to see what a .dockerignore with
	// exceptions lets in below a copied directory; nil when it is not at
	// hand.
	Context fs.FS
	// Module is the go.mod of the module the Dockerfile builds; nil when
	// the Dockerfile is not linted inside a module.
	Module *Module
	// Strict turns on the rules that are off by default (Rule.Strict):
	// GoUnpinnedBase.
	Strict bool
}

// Ignore is a .dockerignore file.
type Ignore struct {
	// Name is the file's path, for messages.
	Name string
	// Patterns are its patterns as BuildKit reads them
	// (ignorefile.ReadAll).
	Patterns []string
}

// Module is what the rules need to know about the module being built.
type Module struct {
	// Go is the version on the go line ("1.25.0"); empty when there is none.
	Go string
	// GoPos is where the go line is ("go.mod:3"), for messages.
	GoPos string
	// HasGoSum reports whether a go.sum sits beside go.mod.
	HasGoSum bool
	// Requires counts the require lines: with none there is nothing to
	// download.
	Requires int
	// Vendor reports whether vendor/modules.txt exists (go build then uses
	// -mod=vendor and downloads nothing).
	Vendor bool
	// EmbedsRoots reports whether the module requires
	// golang.org/x/crypto/x509roots/fallback, which embeds CA certificates
	// in the binary.
	EmbedsRoots bool
}

// Finding is one problem in a Dockerfile.
type Finding struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Rule    string `json:"rule"`
	Message string `json:"message"`
	Hint    string `json:"hint"`
	URL     string `json:"url"`
	// Fixable reports whether Fix rewrites this finding.
	Fixable bool `json:"fixable"`

	edits []edit
}

// String formats the finding as FILE:LINE: RULE: message.
func (f Finding) String() string {
	return fmt.Sprintf("%s:%d: %s: %s", f.File, f.Line, f.Rule, f.Message)
}

// Lint reviews the Dockerfile data; name is used in findings and errors. An
// error means the Dockerfile cannot be parsed (or a build would fail before
// running anything); it names the file and, when known, the line.
func Lint(name string, data []byte, opts Options) ([]Finding, error) {
	d, err := parse(name, data, opts)
	if err != nil {
		return nil, err
	}
	r := &runner{doc: d}
	cfg, err := checkConfig(name, data)
	if err != nil {
		return nil, err
	}
	cfg.Warn = r.warn
	r.lint = linter.New(cfg)

	for _, w := range d.res.Warnings {
		if w.URL == linter.RuleNoEmptyContinuation.URL && w.Location != nil {
			r.report(ruleNoEmptyContinuation, []parser.Range{*w.Location}, nil, linter.RuleNoEmptyContinuation.Format())
		}
	}
	// Parsing the instructions runs BuildKit's parse-level rules.
	d.stages, d.metaArgs, err = instructions.Parse(d.res.AST, r.lint)
	if err != nil {
		return nil, dockerfile.Located(name, err)
	}
	if len(d.stages) == 0 {
		return nil, fmt.Errorf("%s: no FROM instruction: nothing to build", name)
	}
	if d.file, err = dockerfile.New(d.stages, d.metaArgs, d.res.EscapeToken); err != nil {
		return nil, dockerfile.Located(name, err)
	}
	if err := r.buildChecks(); err != nil {
		return nil, err
	}
	r.goChecks()
	return r.result(), nil
}

// parse reads the Dockerfile with BuildKit's parser.
func parse(name string, data []byte, opts Options) (*doc, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fmt.Errorf("%s: empty Dockerfile", name)
	}
	if err := dockerfile.CheckText(name, data); err != nil {
		return nil, err
	}
	res, err := parser.Parse(bytes.NewReader(data))
	if err != nil {
		return nil, dockerfile.Located(name, err)
	}
	return &doc{
		name:  name,
		data:  data,
		lines: strings.SplitAfter(string(data), "\n"),
		res:   res,
		lex:   shell.NewLex(res.EscapeToken),
		opts:  opts,
	}, nil
}

// checkConfig reads the "# check=" directive at the top of the file.
func checkConfig(name string, data []byte) (*linter.Config, error) {
	value, _, loc, ok := parser.ParseDirective("check", data)
	if !ok {
		return &linter.Config{}, nil
	}
	cfg, err := linter.ParseLintOptions(value)
	if err != nil {
		line := 1
		if len(loc) > 0 {
			line = loc[0].Start.Line
		}
		return nil, fmt.Errorf("%s:%d: # check= directive: %v", name, line, err)
	}
	return cfg, nil
}

// doc is a parsed Dockerfile with what the rules share.
type doc struct {
	name     string
	data     []byte
	lines    []string // source lines, each with its newline
	res      *parser.Result
	stages   []instructions.Stage
	metaArgs []instructions.ArgCommand
	lex      *shell.Lex
	opts     Options
	// file is the model the Go rules read; its Global holds the global
	// build arguments with their defaults and the predefined platform
	// arguments.
	file *dockerfile.File
}

// line returns source line n (1-based) without its line ending.
func (d *doc) line(n int) string {
	if n < 1 || n > len(d.lines) {
		return ""
	}
	return strings.TrimRight(d.lines[n-1], "\r\n")
}

// runner collects findings through BuildKit's linter, which applies the
// "# check=" configuration.
type runner struct {
	doc      *doc
	lint     *linter.Linter
	findings []Finding
}

// report runs rule at loc, with the "# check=" comments right above the
// instruction merged into the configuration.
func (r *runner) report(rule *Rule, loc []parser.Range, comments []string, msg string) {
	r.lint.WithMergedConfigFromComments(comments).Run(rule.lr, loc, msg)
}

// warn is BuildKit's LintWarnFunc: every rule, BuildKit's or dockgen's,
// reports through it.
func (r *runner) warn(rulename, _, url, msg string, loc []parser.Range) {
	f := Finding{File: r.doc.name, Rule: rulename, Message: msg, URL: url}
	if len(loc) > 0 {
		f.Line = loc[0].Start.Line
	}
	if rule, ok := Lookup(rulename); ok {
		f.Hint = rule.Hint
	}
	r.findings = append(r.findings, f)
}

// result sorts and deduplicates the findings and works out their fixes.
func (r *runner) result() []Finding {
	out := slices.Clone(r.findings)
	slices.SortStableFunc(out, func(a, b Finding) int {
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return order(a.Rule) - order(b.Rule)
	})
	out = slices.CompactFunc(out, func(a, b Finding) bool {
		return a.Line == b.Line && a.Rule == b.Rule && a.Message == b.Message
	})
	for i := range out {
		if rule, ok := Lookup(out[i].Rule); ok && rule.Fixable {
			out[i].edits = r.doc.fixFor(rule, out[i])
			out[i].Fixable = len(out[i].edits) > 0
		}
	}
	return out
}
