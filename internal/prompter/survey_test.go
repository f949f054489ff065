//go:build linux || darwin || dragonfly || freebsd || netbsd || openbsd

package prompter

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/dockgen/dockgen/internal/prompter/prompttest"
)

type keys = prompttest.Keyboard

var (
	bases = []string{"distroless  about 2 MB above the binary", "scratch     under 300 KB above the binary", "alpine      about 8 MB above the binary"}
	bins  = []string{"cmd/api     port 8080", "cmd/worker", "tools/gen"}
)

// TestSurvey asks real questions on a pseudo-terminal: the keys a person
// presses, the answer, and the line the answered question leaves on the
// screen.
func TestSurvey(t *testing.T) {
	tests := []struct {
		name   string
		ask    func(s *Survey) (any, error)
		person func(k *keys)
		want   any
		err    error
		screen []string // lines the screen shows
	}{
		{
			name: "select with the arrows",
			ask:  func(s *Survey) (any, error) { return s.Select("Base image:", "help", bases, 0) },
			person: func(k *keys) {
				k.Expect("alpine")
				k.Type(prompttest.Down, prompttest.Enter)
			},
			want:   1,
			screen: []string{"? Base image: scratch"},
		},
		{
			name: "select keeps the default on Enter",
			ask:  func(s *Survey) (any, error) { return s.Select("Base image:", "help", bases, 2) },
			person: func(k *keys) {
				k.Expect("alpine")
				k.Type(prompttest.Enter)
			},
			want:   2,
			screen: []string{"? Base image: alpine"},
		},
		{
			name: "multiselect unchecks with Space",
			ask:  func(s *Survey) (any, error) { return s.MultiSelect("Binaries to build:", "help", bins, []int{0, 1}) },
			person: func(k *keys) {
				k.Expect("tools/gen")
				k.Type(prompttest.Space, prompttest.Enter)
			},
			want:   []int{1},
			screen: []string{"? Binaries to build: cmd/worker"},
		},
		{
			name: "the key hints fit 80 columns",
			ask:  func(s *Survey) (any, error) { return s.MultiSelect("Binaries to build:", "help", bins, []int{0}) },
			person: func(k *keys) {
				k.Expect("tools/gen")
				k.Type(prompttest.Down, prompttest.Space, prompttest.Enter)
			},
			want:   []int{0, 1},
			screen: []string{"? Binaries to build: cmd/api, cmd/worker"},
		},
		{
			name: "input takes the default on Enter",
			ask:  func(s *Survey) (any, error) { return s.Input("Port api listens on:", "help", "8080", nil) },
			person: func(k *keys) {
				k.Expect("(8080)")
				k.Type(prompttest.Enter)
			},
			want:   "8080",
			screen: []string{"? Port api listens on: 8080"},
		},
		{
			name: "input asks again after an invalid answer",
			ask: func(s *Survey) (any, error) {
				return s.Input("Port api listens on:", "help", "8080", func(s string) error {
					if s == "x" {
						return errors.New("invalid port")
					}
					return nil
				})
			},
			person: func(k *keys) {
				k.Expect("(8080)")
				k.Type("x", prompttest.Enter)
				k.Expect("invalid port")
				k.Type("9", "0", prompttest.Enter)
			},
			want:   "90",
			screen: []string{"? Port api listens on: 90"},
		},
		{
			name: "confirm",
			ask:  func(s *Survey) (any, error) { return s.Confirm("Write Dockerfile?", "help", true) },
			person: func(k *keys) {
				k.Expect("(Y/n)")
				k.Type("n", prompttest.Enter)
			},
			want:   false,
			screen: []string{"? Write Dockerfile? No"},
		},
		{
			name: "help on ?, wrapped to the terminal",
			ask: func(s *Survey) (any, error) {
				return s.Select("Base image:", strings.Repeat("The final stage holds the binary. ", 4), bases, 0)
			},
			person: func(k *keys) {
				k.Expect("alpine")
				k.Type("?")
				k.ExpectLine("enter picks]", "? The final stage holds the binary. The final stage holds the binary. The")
				k.ExpectLine("", "  final stage holds the binary. The final stage holds the binary.")
				k.Type(prompttest.Enter)
			},
			want: 0,
			screen: []string{
				"? Base image: distroless",
			},
		},
		{
			name: "Ctrl-C cancels a select",
			ask:  func(s *Survey) (any, error) { return s.Select("Base image:", "help", bases, 0) },
			person: func(k *keys) {
				k.Expect("alpine")
				k.Type(prompttest.CtrlC)
			},
			want: 0,
			err:  ErrCancelled,
		},
		{
			name: "Esc cancels a multiselect",
			ask:  func(s *Survey) (any, error) { return s.MultiSelect("Binaries to build:", "help", bins, nil) },
			person: func(k *keys) {
				k.Expect("tools/gen")
				k.Type(prompttest.Escape)
			},
			want: []int(nil),
			err:  ErrCancelled,
		},
		{
			name: "Esc cancels an input",
			ask:  func(s *Survey) (any, error) { return s.Input("Port api listens on:", "help", "8080", nil) },
			person: func(k *keys) {
				k.Expect("(8080)")
				k.Type("8", prompttest.Escape)
			},
			want: "",
			err:  ErrCancelled,
		},
		{
			name: "Ctrl-C cancels a confirm",
			ask:  func(s *Survey) (any, error) { return s.Confirm("Write Dockerfile?", "help", true) },
			person: func(k *keys) {
				k.Expect("(Y/n)")
				k.Type(prompttest.CtrlC)
			},
			want: false,
			err:  ErrCancelled,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			term := prompttest.New(t)
			s, err := NewSurvey(term.Tty(), term.Tty(), false)
			if err != nil {
				t.Fatal(err)
			}
			term.Person(t, tt.person)
			var got any
			screen := term.Run(t, func() {
				got, err = tt.ask(s)
				s.Close()
			})
			t.Logf("screen:\n%s", screen)
			if !errors.Is(err, tt.err) || (tt.err == nil && err != nil) {
				t.Fatalf("err = %v, want %v\nscreen:\n%s", err, tt.err, screen)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("answer = %#v, want %#v", got, tt.want)
			}
			lines := strings.Split(screen, "\n")
			for _, want := range tt.screen {
				found := false
				for _, l := range lines {
					found = found || l == want
				}
				if !found {
					t.Errorf("screen has no line %q:\n%s", want, screen)
				}
			}
			for _, l := range lines {
				if len([]rune(l)) >= prompttest.Cols {
					t.Errorf("a line fills the 80 columns (it wrapped): %q", l)
				}
			}
		})
	}
}

// TestSurveyTypeAhead: keys typed before a question appears, even before
// the first one, answer the questions in turn.
func TestSurveyTypeAhead(t *testing.T) {
	term := prompttest.New(t)
	s, err := NewSurvey(term.Tty(), term.Tty(), false)
	if err != nil {
		t.Fatal(err)
	}
	started := make(chan struct{})
	term.Person(t, func(k *keys) {
		k.Type(prompttest.Down + prompttest.Enter + "n" + prompttest.Enter)
		close(started)
	})
	var base int
	var yes bool
	var err1, err2 error
	term.Run(t, func() {
		<-started
		base, err1 = s.Select("Base image:", "help", bases, 0)
		yes, err2 = s.Confirm("Write Dockerfile?", "help", true)
		s.Close()
	})
	if err1 != nil || err2 != nil || base != 1 || yes {
		t.Errorf("answers = %d, %v (%v, %v), want 1, false", base, yes, err1, err2)
	}
}

// TestSurveyTerminalMode: between the first question and Close the
// terminal neither echoes nor turns Ctrl-C into a signal; Close gives the
// mode back.
func TestSurveyTerminalMode(t *testing.T) {
	term := prompttest.New(t)
	s, err := NewSurvey(term.Tty(), term.Tty(), false)
	if err != nil {
		t.Fatal(err)
	}
	fd := int(term.Tty().Fd())
	lflag := func() uint32 {
		tios, err := unix.IoctlGetTermios(fd, ioctlGetTermios)
		if err != nil {
			t.Fatal(err)
		}
		return uint32(tios.Lflag)
	}
	before := lflag()
	term.Person(t, func(k *keys) {
		k.Expect("(Y/n)")
		k.Type(prompttest.Enter)
	})
	var held, after uint32
	term.Run(t, func() {
		if _, err := s.Confirm("Write Dockerfile?", "", true); err != nil {
			t.Error(err)
		}
		held = lflag()
		s.Close()
		after = lflag()
	})
	if held&(unix.ECHO|unix.ICANON|unix.ISIG) != 0 {
		t.Errorf("between questions the terminal echoes, edits lines or sends signals: lflag %#x", held)
	}
	if after != before {
		t.Errorf("after Close lflag = %#x, want %#x as before", after, before)
	}
}

func TestNewSurveyNeedsATerminal(t *testing.T) {
	if _, err := NewSurvey(&bytes.Buffer{}, &bytes.Buffer{}, false); err == nil {
		t.Error("NewSurvey on buffers: no error")
	}
}
