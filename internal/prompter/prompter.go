// Package prompter asks a person questions on a terminal, one at a time,
// behind the small Prompter interface: NewSurvey asks with survey/v2 (the
// only file that knows it, so that the library can be swapped), Stub
// answers from a script in tests, and package prompttest runs a real
// pseudo-terminal. Everything about the terminal — its key mode, keys typed
// ahead, Esc as Ctrl-C — lives here; package wizard holds the questions.
package prompter

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/dockgen/dockgen/internal/textwrap"
)

// ErrCancelled is returned by a Prompter when the person cancels a question
// (Ctrl-C or Esc).
var ErrCancelled = errors.New("cancelled")

// Prompter asks a person one question at a time. It is all the wizard needs
// from a terminal, so the library behind it (survey/v2 in NewSurvey) can be
// swapped without touching the questions. Every method returns ErrCancelled
// when the person cancels.
//
// An option is one line: a name, then optionally two spaces and a note
// ("cmd/api  port 8080"). An answered question shows the names only.
type Prompter interface {
	// Select asks for one of options and returns its index; def is the
	// index chosen when the person just presses Enter.
	Select(message, help string, options []string, def int) (int, error)
	// MultiSelect asks for any number of options and returns their indexes
	// in increasing order; defs are the indexes checked at first.
	MultiSelect(message, help string, options []string, defs []int) ([]int, error)
	// Input asks for one line of text; def is the answer when the person
	// just presses Enter. A non-nil validate rejects an answer with a
	// message, and the question is asked again.
	Input(message, help, def string, validate func(string) error) (string, error)
	// Confirm asks a yes or no question; def is the answer on Enter.
	Confirm(message, help string, def bool) (bool, error)
	// Close gives the terminal back in the mode it had before the first
	// question; calling it again does nothing.
	Close() error
}

// Width is the width questions and the text around them are laid out in:
// an 80-column terminal with room to spare.
const Width = 78

// Wrap writes prefix and text wrapped at cols columns, continuation lines
// indented to the prefix's width.
func Wrap(w io.Writer, prefix, text string, cols int) {
	lines := textwrap.Lines(text, cols-len(prefix))
	if len(lines) == 0 {
		fmt.Fprintln(w, strings.TrimRight(prefix, " "))
		return
	}
	indent := strings.Repeat(" ", len(prefix))
	for i, line := range lines {
		if i > 0 {
			prefix = indent
		}
		fmt.Fprintln(w, prefix+line)
	}
}
