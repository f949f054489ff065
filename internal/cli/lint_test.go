package cli

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dockgen/dockgen/internal/iostreams"
	"github.com/dockgen/dockgen/internal/lint"
)

// TestLintFlags checks flag parsing through runF: argv in, options out,
// exact error text.
func TestLintFlags(t *testing.T) {
	tests := []struct {
		args    []string
		files   []string
		format  string
		fix     bool
		explain bool
		wantErr string
	}{
		{args: nil, files: []string{"Dockerfile"}, format: "text"},
		{args: []string{"a/Dockerfile", "b.Dockerfile"}, files: []string{"a/Dockerfile", "b.Dockerfile"}, format: "text"},
		{args: []string{"--format", "json", "-"}, files: []string{"-"}, format: "json"},
		{args: []string{"--fix", "--explain"}, files: []string{"Dockerfile"}, format: "text", fix: true, explain: true},
		{args: []string{"--format", "sarif"}, wantErr: `--format: unknown format "sarif" (want text, json)`},
		{args: []string{"--fix", "-"}, wantErr: "--fix cannot rewrite standard input"},
		{args: []string{"--nope"}, wantErr: "unknown flag: --nope"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			got, err := parseArgs(t, NewCmdLint, tt.args)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("error %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got.Files, tt.files) || got.Format != tt.format || got.Fix != tt.fix || got.Explain != tt.explain {
				t.Errorf("got files %q format %q fix %v explain %v, want %q %q %v %v", got.Files, got.Format, got.Fix, got.Explain, tt.files, tt.format, tt.fix, tt.explain)
			}
		})
	}
}

// lintExitCode returns the exit code Main would use for err.
func lintExitCode(err error) int {
	var ee *exitError
	var fe *flagError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &fe):
		return exitUsage
	case errors.As(err, &ee):
		return ee.code
	}
	return exitFailure
}

const (
	lintClean = "FROM alpine:3.22\nCOPY app /usr/local/bin/app\nUSER 65532:65532\nENTRYPOINT [\"/usr/local/bin/app\"]\n"
	lintDirty = "FROM alpine:3.22\nCOPY app /usr/local/bin/app\nUSER 65532:65532\nENTRYPOINT /usr/local/bin/app\n"
)

// TestLintRun checks the behaviour of lint: exit code, exact stdout and the
// error.
func TestLintRun(t *testing.T) {
	tests := []struct {
		name    string
		files   map[string]string
		args    []string // files, relative to the temporary directory
		format  string
		fix     bool
		stdin   string
		code    int
		stdout  string
		errText string
		after   map[string]string // file contents after the run
	}{
		{name: "clean", files: map[string]string{"Dockerfile": lintClean}, args: []string{"Dockerfile"}, code: 0},
		{name: "finding", files: map[string]string{"Dockerfile": lintDirty}, args: []string{"Dockerfile"}, code: 1,
			stdout: "Dockerfile:4: JSONArgsRecommended: JSON arguments recommended for ENTRYPOINT to prevent unintended behavior related to OS signals\n"},
		{name: "stdin", stdin: lintDirty, args: []string{"-"}, code: 1,
			stdout: "-:4: JSONArgsRecommended: JSON arguments recommended for ENTRYPOINT to prevent unintended behavior related to OS signals\n"},
		{name: "json clean", files: map[string]string{"Dockerfile": lintClean}, args: []string{"Dockerfile"}, format: "json", code: 0, stdout: "[]\n"},
		{name: "missing", args: []string{"Dockerfile"}, code: 2, errText: "Dockerfile: no such file"},
		{name: "unparsable", files: map[string]string{"Dockerfile": "FROM alpine:3.22\nCOPY\n"}, args: []string{"Dockerfile"}, code: 2,
			errText: "Dockerfile:2: COPY requires at least two arguments, but only one was provided. Destination could not be determined"},
		{name: "fix", files: map[string]string{"Dockerfile": lintDirty}, args: []string{"Dockerfile"}, fix: true, code: 0,
			after: map[string]string{"Dockerfile": lintClean}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeTempTree(t, tt.files)
			t.Chdir(dir)
			ios, in, out, _ := iostreams.Test()
			in.WriteString(tt.stdin)
			format := tt.format
			if format == "" {
				format = "text"
			}
			err := lintRun(&LintOptions{Factory: NewFactory(ios, func(string) string { return "" }), IO: ios, Ctx: context.Background(), Files: tt.args, Format: format, Fix: tt.fix})
			if code := lintExitCode(err); code != tt.code {
				t.Errorf("exit code %d, want %d (err %v)", code, tt.code, err)
			}
			if tt.errText != "" && (err == nil || err.Error() != tt.errText) {
				t.Errorf("error %v, want %q", err, tt.errText)
			}
			if got := out.String(); got != tt.stdout {
				t.Errorf("stdout:\n%s\nwant:\n%s", got, tt.stdout)
			}
			for name, want := range tt.after {
				if got := lintReadFile(t, filepath.Join(dir, name)); got != want {
					t.Errorf("%s after the run:\n%s\nwant:\n%s", name, got, want)
				}
			}
		})
	}
}

// TestLintJSON checks that --format json prints every finding with its
// rule's hint and link, and whether --fix can fix it.
func TestLintJSON(t *testing.T) {
	dir := writeTempTree(t, map[string]string{"Dockerfile": lintDirty})
	t.Chdir(dir)
	ios, _, out, _ := iostreams.Test()
	err := lintRun(&LintOptions{IO: ios, Ctx: context.Background(), Files: []string{"Dockerfile"}, Format: "json"})
	if lintExitCode(err) != 1 {
		t.Fatalf("exit code %d, want 1", lintExitCode(err))
	}
	var got []lint.Finding
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(got) != 1 {
		t.Fatalf("got %d findings, want 1:\n%s", len(got), out)
	}
	f := got[0]
	rule, _ := lint.Lookup(f.Rule)
	if f.File != "Dockerfile" || f.Line != 4 || f.Rule != "JSONArgsRecommended" || !f.Fixable || f.Hint != rule.Hint || f.URL != rule.URL {
		t.Errorf("finding %+v", f)
	}
}

func lintReadFile(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
