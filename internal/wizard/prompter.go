package wizard

import "errors"

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
}
