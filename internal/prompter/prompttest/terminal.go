// Package prompttest gives tests a real pseudo-terminal to run the wizard
// on, as a person's terminal emulator would show it: a creack/pty pair
// driven by Netflix/go-expect, its output rendered by hinshun/vt10x (which
// also answers the cursor-position queries survey sends), 80×24, no colour.
package prompttest

import (
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	expect "github.com/Netflix/go-expect"
	"github.com/creack/pty"
	"github.com/hinshun/vt10x"
)

// Cols and Rows are the size of the terminal.
const (
	Cols = 80
	Rows = 24
)

// Terminal is a pseudo-terminal with a person at the keyboard (the
// embedded Console: Send, ExpectString) and a screen (Screen).
type Terminal struct {
	*expect.Console
	vt   vt10x.Terminal
	done chan struct{}
}

// lateWriter lets the emulator answer into the console created after it.
type lateWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lateWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.w == nil {
		return len(p), nil
	}
	return l.w.Write(p)
}

// New opens a terminal; it is closed when the test ends.
func New(t testing.TB) *Terminal {
	t.Helper()
	answers := &lateWriter{}
	vt := vt10x.New(vt10x.WithWriter(answers), vt10x.WithSize(Cols, Rows))
	c, err := expect.NewConsole(expect.WithStdout(vt), expect.WithDefaultTimeout(15*time.Second))
	if err != nil {
		t.Fatalf("opening a pseudo-terminal: %v", err)
	}
	if err := pty.Setsize(c.Tty(), &pty.Winsize{Rows: Rows, Cols: Cols}); err != nil {
		t.Fatalf("sizing the pseudo-terminal: %v", err)
	}
	answers.mu.Lock()
	answers.w = c
	answers.mu.Unlock()
	term := &Terminal{Console: c, vt: vt}
	t.Cleanup(func() { c.Close() })
	return term
}

// Person runs what a person does at the keyboard, in the background, while
// Run runs the program. Expect failures are reported on t.
func (term *Terminal) Person(t testing.TB, do func(p *Keyboard)) {
	term.done = make(chan struct{})
	go func() {
		defer close(term.done)
		do(&Keyboard{t: t, c: term.Console, term: term})
		// Keep reading, so the program never blocks on output and its
		// cursor queries are answered, until the program side closes.
		term.Console.ExpectEOF()
	}()
}

// Run runs program (the side that asks) while the person types, then
// closes the program's side of the terminal, waits for the person to be
// done and returns the screen. A program still running after a minute
// fails the test rather than hang it.
func (term *Terminal) Run(t testing.TB, program func()) string {
	t.Helper()
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		program()
	}()
	select {
	case <-finished:
	case <-time.After(time.Minute):
		t.Fatalf("the program did not return; the screen:\n%s", term.Screen())
	}
	term.Tty().Close()
	if term.done != nil {
		<-term.done
	}
	return term.Screen()
}

// Screen returns what the terminal shows, without trailing blanks.
func (term *Terminal) Screen() string {
	var lines []string
	for _, l := range strings.Split(term.vt.String(), "\n") {
		lines = append(lines, strings.TrimRight(l, " "))
	}
	return strings.TrimRight(strings.Join(lines, "\n"), "\n") + "\n"
}

// Keyboard is the person's side: wait for text, then type.
type Keyboard struct {
	t    testing.TB
	c    *expect.Console
	term *Terminal
}

// Screen returns what the terminal shows now.
func (k *Keyboard) Screen() string { return k.term.Screen() }

// ExpectLine waits for s, then checks that the screen shows line.
func (k *Keyboard) ExpectLine(s, line string) {
	k.Expect(s)
	for _, l := range strings.Split(k.Screen(), "\n") {
		if l == line {
			return
		}
	}
	k.t.Errorf("the screen has no line %q:\n%s", line, k.Screen())
}

// Expect waits until the program has written s.
func (k *Keyboard) Expect(s string) {
	if _, err := k.c.ExpectString(s); err != nil {
		k.t.Errorf("waiting for %q on the terminal: %v", s, err)
	}
}

// Type sends keys: text, or the Key constants.
func (k *Keyboard) Type(keys ...string) {
	for _, s := range keys {
		if _, err := k.c.Send(s); err != nil {
			k.t.Errorf("typing %q: %v", s, err)
		}
		// A terminal sends each key press in its own write; so do we.
		time.Sleep(5 * time.Millisecond)
	}
}

// Keys as a terminal sends them.
const (
	Enter  = "\r"
	Space  = " "
	Down   = "\x1b[B"
	Up     = "\x1b[A"
	CtrlC  = "\x03"
	Escape = "\x1b"
)
