//go:build linux || darwin || dragonfly || freebsd || netbsd || openbsd

package cli

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dockgen/dockgen/internal/exampletest"
	"github.com/dockgen/dockgen/internal/iostreams"
	"github.com/dockgen/dockgen/internal/prompter/prompttest"
)

// copyExample copies examples/name to a temporary directory, without the
// files dockgen generated there, as a person would start.
func copyExample(t *testing.T, name string) string {
	t.Helper()
	src := filepath.Join(exampletest.Root(), "examples", name)
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		switch rel {
		case "Dockerfile", ".dockerignore", ".dockgen":
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// onTerminal returns a Factory whose standard input and output are the
// terminal; standard error is the returned buffer (not a terminal, so no
// colour), and the environment has NO_COLOR and the module cache the
// example's requirements were downloaded to.
func onTerminal(t *testing.T, term *prompttest.Terminal, dir string) (*Factory, *bytes.Buffer) {
	t.Helper()
	var stderr bytes.Buffer
	ios := &iostreams.IOStreams{In: term.Tty(), Out: term.Tty(), ErrOut: &stderr}
	ios.SetTTY(true, true, false)
	env := map[string]string{"NO_COLOR": "1", "GOMODCACHE": exampletest.ModCache(t, dir)}
	return NewFactory(ios, func(k string) string { return env[k] }), &stderr
}

func hasLine(screen, line string) bool {
	for _, l := range strings.Split(screen, "\n") {
		if l == line {
			return true
		}
	}
	return false
}

// TestInitTerminal runs dockgen init on a real pseudo-terminal, 80×24, the
// way a person does: survey asks, the person types, and the test reads the
// screen and the files.
func TestInitTerminal(t *testing.T) {
	tests := []struct {
		name    string
		example string
		setup   func(t *testing.T, dir string)
		person  func(k *prompttest.Keyboard)
		code    int
		screen  []string // lines the final screen shows
		stderr  []string // lines standard error holds
		check   func(t *testing.T, dir string)
	}{
		{
			name:    "a multi-binary project, every answer changed",
			example: "relay",
			person: func(k *prompttest.Keyboard) {
				k.ExpectLine("cmd/relay-worker", "> [x]  cmd/relay-api     port 8081")
				k.Type(prompttest.Enter)
				k.Expect("relay-worker  port 9090")
				k.Type(prompttest.Down, prompttest.Enter) // primary: relay-worker
				k.Expect("about 8 MB above the binary")
				k.Type(prompttest.Down, prompttest.Enter) // base: scratch
				k.Expect("(9090)")
				k.Type("9", "1", "0", "0", prompttest.Enter)
				k.ExpectLine("(8081)", "? Port relay-worker listens on: 9100") // relay-api serves too
				k.Type("8", "0", "8", "2", prompttest.Enter)
				k.Expect("Show the new files")
				k.Type(prompttest.Enter) // yes
			},
			screen: []string{"? Port relay-api listens on: 8082", "? Write Dockerfile and .dockerignore? Yes"},
			stderr: []string{"create     Dockerfile", "create     .dockerignore", "  docker run --rm -p 9100:9100 relay-worker"},
			check: func(t *testing.T, dir string) {
				df := readFile(t, filepath.Join(dir, "Dockerfile"))
				for _, want := range []string{
					"# dockgen-settings: base=scratch mains=auto primary=relay-worker port=9100 ports=relay-api:8082 cgo=auto include=none context=allow\n",
					"FROM scratch AS relay-api\n",
					"FROM scratch AS relay-worker\n",
					"EXPOSE 9100\n",
					"EXPOSE 8082\n",
				} {
					if !strings.Contains(df, want) {
						t.Errorf("Dockerfile lacks %q:\n%s", want, df)
					}
				}
				if strings.Index(df, "AS relay-worker") < strings.Index(df, "AS relay-api") {
					t.Error("relay-worker, the primary binary, is not the last stage")
				}
			},
		},
		{
			name:    "a cgo project sees the bases that can run it",
			example: "notes",
			person: func(k *prompttest.Keyboard) {
				k.ExpectLine("alpine:3.22", "> distroless  gcr.io/distroless/base-debian13:nonroot")
				k.Type(prompttest.Down, prompttest.Down, prompttest.Enter) // alpine
				k.ExpectLine("(8083)", "? Base image: alpine")
				k.Type(prompttest.Enter)
				k.Expect("Show the new files")
				k.Type(prompttest.Enter)
			},
			screen: []string{"? Write Dockerfile and .dockerignore? Yes"},
			stderr: []string{"create     Dockerfile", "  docker run --rm -p 8083:8083 notes"},
			check: func(t *testing.T, dir string) {
				df := readFile(t, filepath.Join(dir, "Dockerfile"))
				for _, want := range []string{"CGO_ENABLED=1", "-extldflags=-static", "FROM alpine:3.22 AS notes\n"} {
					if !strings.Contains(df, want) {
						t.Errorf("Dockerfile lacks %q:\n%s", want, df)
					}
				}
			},
		},
		{
			name:    "a hand-written Dockerfile: the diff is shown, no keeps it",
			example: "hello",
			setup: func(t *testing.T, dir string) {
				writeFile(t, filepath.Join(dir, "Dockerfile"), handWritten)
			},
			person: func(k *prompttest.Keyboard) {
				k.Expect("about 8 MB above the binary")
				k.Type(prompttest.Enter)
				k.Expect("(8080)")
				k.Type(prompttest.Enter)
				k.Expect("-FROM golang:1.26")
				k.ExpectLine("Show the new files", "> No")
				k.Type(prompttest.Enter)
			},
			code: exitOK, // a considered no, not a cancellation
			screen: []string{
				"+ENTRYPOINT [\"/usr/local/bin/hello\"]",
				"? Write Dockerfile and .dockerignore? No",
			},
			stderr: []string{"nothing written"},
			check: func(t *testing.T, dir string) {
				if got := readFile(t, filepath.Join(dir, "Dockerfile")); got != handWritten {
					t.Errorf("Dockerfile changed:\n%s", got)
				}
				for _, name := range []string{".dockerignore", "Dockerfile.bak", ".dockgen"} {
					if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
						t.Errorf("%s written", name)
					}
				}
			},
		},
		{
			name:    "Ctrl-C midway writes nothing",
			example: "relay",
			person: func(k *prompttest.Keyboard) {
				k.Expect("cmd/relay-worker")
				k.Type(prompttest.Enter)
				k.Expect("relay-worker  port 9090")
				k.Type(prompttest.CtrlC)
			},
			code:   exitCancelled,
			screen: []string{"? Binaries to build: cmd/relay-api, cmd/relay-worker"},
			check:  nothingWritten,
		},
		{
			name:    "Esc at the port writes nothing",
			example: "hello",
			person: func(k *prompttest.Keyboard) {
				k.Expect("about 8 MB above the binary")
				k.Type(prompttest.Enter)
				k.Expect("(8080)")
				k.Type("9", prompttest.Escape)
			},
			code:   exitCancelled,
			screen: []string{"? Base image: distroless"},
			check:  nothingWritten,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := copyExample(t, tt.example)
			if tt.setup != nil {
				tt.setup(t, dir)
			}
			t.Chdir(dir)
			term := prompttest.New(t)
			f, stderr := onTerminal(t, term, dir)
			term.Person(t, tt.person)
			var err error
			screen := term.Run(t, func() { err = execInit(f, nil) })
			t.Logf("screen:\n%s\nstderr:\n%s", screen, stderr)
			if code := exitCode(err); code != tt.code {
				t.Fatalf("exit %d (%v), want %d", code, err, tt.code)
			}
			for _, l := range tt.screen {
				if !hasLine(screen, l) {
					t.Errorf("the screen has no line %q", l)
				}
			}
			for _, l := range tt.stderr {
				if !hasLine(stderr.String(), l) {
					t.Errorf("stderr has no line %q", l)
				}
			}
			if tt.check != nil {
				tt.check(t, dir)
			}
		})
	}
}

// TestInitFitsTheScreen runs dockgen init on every example at 80×24, each
// question at its default, and reads the screen at the moment of the final
// question: the plan's first line and the question are both on it, so the
// plan has not scrolled away. Standard error is the same terminal, as in a
// person's shell, so warnings count too. Show prints the new files in full
// (comment lines wrapped at word boundaries) and asks again; no then writes
// nothing.
func TestInitFitsTheScreen(t *testing.T) {
	const confirm = "? Write Dockerfile and .dockerignore?"
	examples := []struct {
		name      string
		questions []string // asked before the confirm, in order
	}{
		{"hello", []string{"Base image:", "Port hello listens on:"}},
		{"notes", []string{"Base image:", "Port notes listens on:"}},
		{"relay", []string{"Binaries to build:", "Primary binary", "Base image:", "Port relay-api listens on:", "Port relay-worker listens on:"}},
		{"reports", []string{"Base image:", "Port reports listens on:"}},
		{"workspace", []string{"Base image:", "Port shop-api listens on:"}},
	}
	for _, ex := range examples {
		t.Run(ex.name, func(t *testing.T) {
			dir := copyExample(t, ex.name)
			t.Chdir(dir)
			term := prompttest.New(t)
			f, _ := onTerminal(t, term, dir)
			f.IO.ErrOut = term.Tty()
			var atConfirm, shown string
			term.Person(t, func(k *prompttest.Keyboard) {
				for _, q := range ex.questions {
					k.Expect(q)
					k.Type(prompttest.Enter)
				}
				k.Expect("Show the new files")
				atConfirm = k.Screen()
				k.Type(prompttest.Down, prompttest.Down, prompttest.Enter) // show
				k.Expect("==> .dockerignore\r\n")
				k.Expect("Show the new files")
				shown = k.Screen()
				k.Type(prompttest.Down, prompttest.Enter) // no
			})
			var err error
			screen := term.Run(t, func() { err = execInit(f, nil) })
			if code := exitCode(err); code != exitOK {
				t.Fatalf("exit %d (%v); the screen:\n%s", code, err, screen)
			}
			if !strings.Contains(atConfirm, "\nThe plan (Go ") || !strings.Contains(atConfirm, "\n"+confirm) {
				t.Errorf("the plan's first line and the question are not both on the 80×24 screen at the question:\n%s", atConfirm)
			} else {
				_, fromPlan, _ := strings.Cut(atConfirm, "\nThe plan (Go ")
				t.Logf("the plan and the question take %d of the %d rows", strings.Count(fromPlan, "\n"), prompttest.Rows)
			}
			if !hasLine(shown, confirm+"  [arrows move, enter picks, ? for help]") { // Expect saw the files printed
				t.Errorf("Show did not print the files and ask again:\n%s", shown)
			}
			for _, l := range strings.Split(shown, "\n") {
				if strings.HasPrefix(strings.TrimSpace(l), "#") && len(l) >= prompttest.Cols {
					t.Errorf("a comment line fills the screen's width, the terminal breaks it mid-word: %q", l)
				}
			}
			if !hasLine(screen, "nothing written") || !hasLine(screen, confirm+" No") {
				t.Errorf("no did not say nothing written:\n%s", screen)
			}
			nothingWritten(t, dir)
		})
	}
}

func nothingWritten(t *testing.T, dir string) {
	t.Helper()
	for _, name := range []string{"Dockerfile", ".dockerignore", ".dockgen"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			t.Errorf("%s written", name)
		}
	}
}

// TestInitNoTerminal: without a terminal init does not wait for answers
// that cannot come; it names the flags to pass.
func TestInitNoTerminal(t *testing.T) {
	dir := copyExample(t, "relay")
	ios, _, stdout, stderr := iostreams.Test()
	f := NewFactory(ios, func(string) string { return "" })
	done := make(chan error, 1)
	go func() { done <- execInit(f, nil, dir) }()
	var err error
	select {
	case err = <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("init without a terminal is still running")
	}
	if code := exitCode(err); code != exitUsage {
		t.Fatalf("exit %d (%v), want %d", code, err, exitUsage)
	}
	want := "init asks questions, but standard input and output are not both a terminal\nhint: pass --yes to accept the defaults, with --main, --primary, --base or --port to choose yourself"
	if err.Error() != want {
		t.Errorf("error:\n%s\nwant:\n%s", err, want)
	}
	if stdout.Len()+stderr.Len() > 0 {
		t.Errorf("output before the error: %q %q", stdout, stderr)
	}
	nothingWritten(t, dir)

	// With --yes, it writes with the defaults.
	if err := execInit(f, nil, "--yes", dir); err != nil {
		t.Fatalf("--yes: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "Dockerfile")); err != nil {
		t.Errorf("--yes wrote no Dockerfile: %v", err)
	}
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func writeFile(t *testing.T, name, content string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
