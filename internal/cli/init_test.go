package cli

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/dockgen/dockgen/internal/iostreams"
	"github.com/dockgen/dockgen/internal/plan"
	"github.com/dockgen/dockgen/internal/prompter"
)

// execInit runs dockgen init under the root command (for its flag errors)
// with pr answering, or survey on f's terminal when pr is nil. init is
// added to the root if root.go does not register it.
func execInit(f *Factory, pr prompter.Prompter, args ...string) error {
	if pr != nil {
		f.Prompter = func() (prompter.Prompter, error) { return pr, nil }
	}
	root := NewCmdRoot(f)
	if c, _, err := root.Find([]string{"init"}); err == nil && c != root {
		root.RemoveCommand(c)
	}
	root.AddCommand(NewCmdInit(f, initRun))
	root.SetArgs(append([]string{"init"}, args...))
	root.SetOut(f.IO.Out)
	root.SetErr(f.IO.ErrOut)
	_, err := root.ExecuteC()
	return err
}

// exitCode is the exit code Run gives err (see main.go).
func exitCode(err error) int {
	var fe *flagError
	var ee *exitError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errCancelled):
		return exitCancelled
	case errors.As(err, &fe) || isCobraUsageError(err):
		return exitUsage
	case errors.As(err, &ee):
		return ee.code
	}
	return exitFailure
}

// TestNewCmdInit checks the flags: argv in, options out through runF, or
// the exact error.
func TestNewCmdInit(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		tty     bool
		dir     string
		yes     bool
		choices plan.Choices
		err     string
	}{
		{name: "no arguments", tty: true, dir: "."},
		{name: "a directory", args: []string{"svc"}, tty: true, dir: "svc"},
		{name: "choice flags", args: []string{"--base", "scratch", "--main", "cmd/api", "--primary", "api", "--port", "none"}, tty: true, dir: ".",
			choices: plan.Choices{Base: plan.Scratch, Mains: []string{"cmd/api"}, Primary: "api", Port: -1}},
		{name: "yes without a terminal", args: []string{"--yes"}, dir: ".", yes: true},
		{name: "y without a terminal", args: []string{"-y", "--base", "alpine"}, dir: ".", yes: true, choices: plan.Choices{Base: plan.Alpine}},
		{name: "no terminal", err: "init asks questions, but standard input and output are not both a terminal\nhint: pass --yes to accept the defaults, with --main, --primary, --base or --port to choose yourself"},
		{name: "no terminal, some flags", args: []string{"--base", "scratch", "--port", "80"},
			err: "init asks questions, but standard input and output are not both a terminal\nhint: pass --yes to accept the defaults, with --main or --primary to choose yourself"},
		{name: "no terminal, every flag", args: []string{"--base", "scratch", "--port", "80", "--main", ".", "--primary", "x"},
			err: "init asks questions, but standard input and output are not both a terminal\nhint: pass --yes to write without asking"},
		{name: "bad base", args: []string{"--base", "debian"}, tty: true, err: `--base: unknown base "debian" (want distroless, scratch, alpine)`},
		{name: "bad port", args: []string{"--port", "http"}, tty: true, err: `--port: invalid port "http" (want 1-65535, none or auto)`},
		{name: "two directories", args: []string{"a", "b"}, tty: true, err: "accepts at most 1 arg(s), received 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ios, _, _, _ := iostreams.Test()
			ios.SetTTY(tt.tty, tt.tty, tt.tty)
			f := NewFactory(ios, func(string) string { return "" })
			var got *InitOptions
			cmd := NewCmdInit(f, func(o *InitOptions) error {
				got = o
				return nil
			})
			cmd.SetArgs(tt.args)
			cmd.SetOut(&bytes.Buffer{})
			cmd.SetErr(&bytes.Buffer{})
			err := cmd.Execute()
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				if got != nil {
					t.Error("runF was called")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Dir != tt.dir || got.Yes != tt.yes {
				t.Errorf("dir, yes = %q, %v, want %q, %v", got.Dir, got.Yes, tt.dir, tt.yes)
			}
			if !reflect.DeepEqual(got.Choices, tt.choices) {
				t.Errorf("choices = %+v, want %+v", got.Choices, tt.choices)
			}
		})
	}
}

const handWritten = "FROM golang:1.26\nCOPY . .\nRUN go build -o /hello .\nCMD [\"/hello\"]\n"

// TestInitRun checks behaviour with a stub answering the questions: the
// exact output on stdout (the notes around the questions, the summary, the
// preview) and stderr (what was written, what to run next), the exit code
// and the files left on disk. {Dockerfile} and {.dockerignore} in want
// stand for the generated files' text.
func TestInitRun(t *testing.T) {
	tree := map[string]string{
		"go.mod":  "module example.org/hello\n\ngo 1.26.0\n",
		"main.go": "package main\n\nimport \"net/http\"\n\nvar version = \"dev\"\n\nfunc main() {\n\thttp.ListenAndServe(\":8080\", nil)\n}\n",
	}
	const legend = `Base images for the final stage:
  distroless  no shell, CA certificates, time zones and a nonroot user built
              in (recommended)
  scratch     nothing but the binary and exactly the files it needs; smallest,
              no shell
  alpine      a shell and busybox for debugging, musl libc; HEALTHCHECK
              possible
`
	const summary = `
The plan (Go 1.26.11):
  hello  gcr.io/distroless/static-debian13:nonroot, port 8080
Why:
  - hello: port: EXPOSE 8080: main.go:8 listens with ListenAndServe on ":8080"
`
	const preview = `
==> .dockerignore (new, {.dockerignore lines} lines): an allow list, the usual lines only
==> Dockerfile (new, {Dockerfile lines} lines)
`
	const next = `create     Dockerfile
create     .dockerignore
Commit .dockgen/ with the Dockerfile: it keeps the text dockgen generated, so
your edits are merged into the next regeneration.

Next:
  docker build \
    --build-arg VERSION=$(git describe --tags --always --dirty) \
    -t hello \
    .
  docker run --rm -p 8080:8080 hello
  For amd64 and arm64 with an SBOM and provenance (pushed to a registry):
  docker buildx build --platform linux/amd64,linux/arm64 --sbom=true --provenance=mode=max \
    --build-arg VERSION=$(git describe --tags --always --dirty) \
    -t REGISTRY/hello --push \
    .
`
	defaults := func() *prompter.Stub {
		return prompter.NewStub().
			On("Base image:", prompter.Answer{Default: true}).
			On("Port hello listens on:", prompter.Answer{Default: true})
	}
	tests := []struct {
		name    string
		files   map[string]string // added to tree
		before  []string          // a dockgen command run first
		args    []string
		stub    *prompter.Stub
		log     []string
		code    int
		stdout  string
		stderr  string
		written []string // files that exist afterwards, besides the tree
		kept    map[string]string
	}{
		{
			name: "new project, every default",
			stub: defaults().On("Write Dockerfile and .dockerignore?", prompter.Answer{Default: true}),
			log: []string{
				`select "Base image:" ["distroless  about 2 MB above the binary" "scratch     under 300 KB above the binary" "alpine      about 8 MB above the binary"] default "distroless  about 2 MB above the binary"`,
				`input "Port hello listens on:" default "8080"`,
				`select "Write Dockerfile and .dockerignore?" ["Yes" "No" "Show the new files"] default "Yes"`,
			},
			stdout:  legend + summary + preview,
			stderr:  next,
			written: []string{"Dockerfile", ".dockerignore"},
		},
		{
			name: "flags answer the questions: only the confirm",
			args: []string{"--base", "scratch", "--port", "9000"},
			stub: prompter.NewStub().On("Write Dockerfile and .dockerignore?", prompter.Answer{Pick: []string{"Yes"}}),
			log:  []string{`select "Write Dockerfile and .dockerignore?" ["Yes" "No" "Show the new files"] default "Yes"`},
			stdout: strings.NewReplacer("gcr.io/distroless/static-debian13:nonroot, port 8080", "scratch, port 9000",
				"  - hello: port: EXPOSE 8080: main.go:8 listens with ListenAndServe on \":8080\"\n", "  - hello: port: EXPOSE 9000 (--port 9000)\n").Replace(summary) + preview,
			// The code listens on a fixed :8080: the person is told that
			// nothing answers on 9000.
			stderr: "warning: hello: --port 9000, but main.go:8 listens on :8080 and nothing in the environment or on the command line changes it: EXPOSE and HEALTHCHECK use 9000, which nothing answers\n" +
				strings.ReplaceAll(next, "8080:8080", "9000:9000"),
			written: []string{"Dockerfile", ".dockerignore"},
		},
		{
			name:   "declining writes nothing and exits 0",
			stub:   defaults().On("Write Dockerfile and .dockerignore?", prompter.Answer{Pick: []string{"No"}}),
			code:   exitOK,
			stdout: legend + summary + preview,
			stderr: "nothing written\n",
		},
		{
			name:   "cancelling at a question writes nothing",
			stub:   prompter.NewStub().On("Base image:", prompter.Answer{Cancel: true}),
			log:    []string{`select "Base image:" ["distroless  about 2 MB above the binary" "scratch     under 300 KB above the binary" "alpine      about 8 MB above the binary"] default "distroless  about 2 MB above the binary"`},
			code:   exitCancelled,
			stdout: legend,
		},
		{
			name:  "a hand-written Dockerfile: the diff, then no by default",
			files: map[string]string{"Dockerfile": handWritten},
			stub:  defaults().On("Write Dockerfile and .dockerignore?", prompter.Answer{Default: true}),
			log: []string{
				`select "Base image:" ["distroless  about 2 MB above the binary" "scratch     under 300 KB above the binary" "alpine      about 8 MB above the binary"] default "distroless  about 2 MB above the binary"`,
				`input "Port hello listens on:" default "8080"`,
				`select "Write Dockerfile and .dockerignore?" ["Yes" "No" "Show the new files"] default "No"`,
			},
			code:   exitOK,
			stderr: "nothing written\n",
			stdout: legend + summary + `
==> .dockerignore (new, {.dockerignore lines} lines): an allow list, the usual lines only
==> Dockerfile (replace)
Dockerfile was not written by dockgen: it is saved to Dockerfile.bak, then
replaced
{Dockerfile diff}`,
			kept: map[string]string{"Dockerfile": handWritten},
		},
		{
			name:  "a hand-written Dockerfile replaced when the person says yes",
			files: map[string]string{"Dockerfile": handWritten},
			stub:  defaults().On("Write Dockerfile and .dockerignore?", prompter.Answer{Pick: []string{"Yes"}}),
			stdout: legend + summary + `
==> .dockerignore (new, {.dockerignore lines} lines): an allow list, the usual lines only
==> Dockerfile (replace)
Dockerfile was not written by dockgen: it is saved to Dockerfile.bak, then
replaced
{Dockerfile diff}`,
			stderr: strings.Replace(next, "create     Dockerfile\n",
				"replace    Dockerfile\n           Dockerfile was not written by dockgen: it is saved to Dockerfile.bak, then replaced\n", 1),
			written: []string{"Dockerfile", ".dockerignore"},
			kept:    map[string]string{"Dockerfile.bak": handWritten},
		},
		{
			name:    "up to date: nothing to confirm",
			before:  []string{"generate"},
			stub:    defaults(),
			stdout:  legend + summary,
			stderr:  "Dockerfile and .dockerignore are up to date: nothing to write\n",
			written: []string{"Dockerfile", ".dockerignore"},
		},
		{
			name:   "--diff shows the diff and writes nothing",
			args:   []string{"--diff"},
			stub:   defaults(),
			stdout: legend + summary + "{Dockerfile diff}{.dockerignore diff}",
		},
		{
			name:   "--output - prints the Dockerfile",
			args:   []string{"--output", "-"},
			stub:   defaults(),
			stdout: legend + summary + "{Dockerfile}",
		},
		{
			name:    "--yes asks nothing",
			args:    []string{"--yes"},
			stub:    prompter.NewStub(),
			stderr:  next,
			written: []string{"Dockerfile", ".dockerignore"},
		},
		{
			name:   "--yes does not replace a hand-written Dockerfile",
			args:   []string{"--yes"},
			files:  map[string]string{"Dockerfile": handWritten},
			stub:   prompter.NewStub(),
			code:   exitFailure,
			stdout: "",
			kept:   map[string]string{"Dockerfile": handWritten},
		},
		{
			name:   "a directory where a file goes: input error, nothing written",
			files:  map[string]string{".dockerignore/x": ""},
			stub:   defaults(),
			code:   exitUsage,
			stdout: legend + summary,
		},
		{
			name:  "no go.mod",
			files: map[string]string{"go.mod": ""},
			stub:  prompter.NewStub(),
			code:  exitUsage,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{}
			for k, v := range tree {
				files[k] = v
			}
			for k, v := range tt.files {
				files[k] = v
			}
			if tt.name == "no go.mod" {
				delete(files, "go.mod")
			}
			dir := writeTempTree(t, files)
			t.Chdir(dir)
			ios, _, stdout, stderr := iostreams.Test()
			ios.SetTTY(true, true, false)
			f := NewFactory(ios, func(k string) string {
				return map[string]string{"NO_COLOR": "1", "GOMODCACHE": filepath.Join(dir, "no-modcache")}[k]
			})
			if tt.before != nil {
				if code := Run(tt.before, f); code != exitOK {
					t.Fatalf("dockgen %s: exit %d", strings.Join(tt.before, " "), code)
				}
				stdout.Reset()
				stderr.Reset()
			}
			// What the generated files hold, for the placeholders.
			gen := generated(t, f, tt.args)

			err := execInit(f, tt.stub, tt.args...)
			if code := exitCode(err); code != tt.code {
				t.Fatalf("exit %d (%v), want %d\nstdout:\n%s\nstderr:\n%s", code, err, tt.code, stdout, stderr)
			}
			if tt.log != nil && !reflect.DeepEqual(tt.stub.Log(), tt.log) {
				t.Errorf("questions:\n%s\nwant:\n%s", strings.Join(tt.stub.Log(), "\n"), strings.Join(tt.log, "\n"))
			}
			if unused := tt.stub.Unused(); len(unused) > 0 {
				t.Errorf("not asked: %q", unused)
			}
			if want := gen.Replace(tt.stdout); stdout.String() != want {
				t.Errorf("stdout:\n%s\nwant:\n%s", stdout, want)
			}
			if tt.code == exitOK && stderr.String() != tt.stderr {
				t.Errorf("stderr:\n%s\nwant:\n%s", stderr, tt.stderr)
			}
			checkFiles(t, files, tt.written, tt.kept)
		})
	}
}

// checkFiles checks which of the files init may write exist afterwards (those
// of the tree, written, and kept), and that kept ones hold what they held.
func checkFiles(t *testing.T, tree map[string]string, written []string, kept map[string]string) {
	t.Helper()
	for _, name := range []string{"Dockerfile", ".dockerignore", "Dockerfile.bak"} {
		_, inTree := tree[name]
		_, dirInTree := tree[name+"/x"]
		inTree = inTree || dirInTree
		_, statErr := os.Stat(name)
		want := inTree || contains(written, name) || kept[name] != ""
		if got := statErr == nil; got != want {
			t.Errorf("%s exists: %v, want %v", name, got, want)
		}
	}
	for name, content := range kept {
		if b, _ := os.ReadFile(name); string(b) != content {
			t.Errorf("%s = %q, want %q kept", name, b, content)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// generated returns placeholders for what init writes in the current
// directory with the choice flags of args and every other answer left at
// its default: {Dockerfile}, {Dockerfile lines}, {Dockerfile diff} (against
// what is on disk now) and the same for {.dockerignore}.
func generated(t *testing.T, f *Factory, args []string) *strings.Replacer {
	t.Helper()
	cmd := &cobra.Command{}
	var cf choiceFlags
	cf.register(cmd)
	var flags []string
	for i := 0; i+1 < len(args); i++ {
		if args[i] == "--base" || args[i] == "--port" {
			flags = append(flags, args[i], args[i+1])
		}
	}
	if err := cmd.Flags().Parse(flags); err != nil {
		t.Fatal(err)
	}
	choices, _, err := cf.parse(cmd)
	if err != nil {
		t.Fatal(err)
	}
	g, err := runPipeline(context.Background(), f, newTarget(".", ""), false, false, choices, plan.AllGiven())
	if err != nil {
		return strings.NewReplacer() // init fails too
	}
	changes, err := g.changes(true)
	if err != nil {
		return strings.NewReplacer()
	}
	var pairs []string
	for i, c := range changes {
		name := []string{"Dockerfile", ".dockerignore"}[i]
		pairs = append(pairs,
			"{"+name+"}", string(c.Generated),
			"{"+name+" lines}", strconv.Itoa(bytes.Count(c.Generated, []byte("\n"))),
			"{"+name+" diff}", c.Diff())
	}
	return strings.NewReplacer(pairs...)
}
