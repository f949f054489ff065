package prompter

import (
	"fmt"
	"slices"
	"strings"
	"sync"
)

// Stub is a Prompter for tests: it answers each question from a script
// keyed by the question's message, and fails on a question it has no
// answer for. It logs every question with its options and default.
type Stub struct {
	mu      sync.Mutex
	answers map[string][]Answer
	log     []string
}

// Answer is how a Stub answers one question.
type Answer struct {
	// Default takes the default answer, as Enter does.
	Default bool
	// Cancel answers as Ctrl-C does: ErrCancelled.
	Cancel bool
	// Pick names the options to choose (one for Select), each by its
	// label or the label's first word.
	Pick []string
	// Text answers an Input; it must pass the question's validation.
	Text string
	// Yes answers a Confirm.
	Yes bool
}

// NewStub returns a Stub with no answers.
func NewStub() *Stub { return &Stub{answers: map[string][]Answer{}} }

// On adds the answers to the question with message, used one per asking,
// in order.
func (s *Stub) On(message string, answers ...Answer) *Stub {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.answers[message] = append(s.answers[message], answers...)
	return s
}

// Log returns one line per question asked: its kind, message, options and
// default.
func (s *Stub) Log() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.log)
}

// Unused returns the messages of questions that were given answers but not
// asked as often, so a test can tell a question was skipped.
func (s *Stub) Unused() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for msg, a := range s.answers {
		if len(a) > 0 {
			out = append(out, msg)
		}
	}
	slices.Sort(out)
	return out
}

func (s *Stub) next(kind, message, detail string) (Answer, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.log = append(s.log, fmt.Sprintf("%s %q %s", kind, message, detail))
	queue := s.answers[message]
	if len(queue) == 0 {
		return Answer{}, fmt.Errorf("stub prompter: no answer for %s %q", kind, message)
	}
	s.answers[message] = queue[1:]
	if queue[0].Cancel {
		return Answer{}, ErrCancelled
	}
	return queue[0], nil
}

func pick(options []string, want string) (int, error) {
	for i, o := range options {
		if o == want || strings.Fields(o)[0] == want {
			return i, nil
		}
	}
	return 0, fmt.Errorf("stub prompter: no option %q in %q", want, options)
}

// Select implements Prompter.
func (s *Stub) Select(message, help string, options []string, def int) (int, error) {
	a, err := s.next("select", message, fmt.Sprintf("%q default %q", options, options[def]))
	if err != nil || a.Default {
		return def, err
	}
	if len(a.Pick) != 1 {
		return 0, fmt.Errorf("stub prompter: select %q needs one pick, got %q", message, a.Pick)
	}
	return pick(options, a.Pick[0])
}

// MultiSelect implements Prompter.
func (s *Stub) MultiSelect(message, help string, options []string, defs []int) ([]int, error) {
	var checked []string
	for _, i := range defs {
		checked = append(checked, options[i])
	}
	a, err := s.next("multiselect", message, fmt.Sprintf("%q default %q", options, checked))
	if err != nil || a.Default {
		return defs, err
	}
	var out []int
	for _, want := range a.Pick {
		i, err := pick(options, want)
		if err != nil {
			return nil, err
		}
		out = append(out, i)
	}
	slices.Sort(out)
	return out, nil
}

// Input implements Prompter.
func (s *Stub) Input(message, help, def string, validate func(string) error) (string, error) {
	a, err := s.next("input", message, fmt.Sprintf("default %q", def))
	if err != nil || a.Default {
		return def, err
	}
	if validate != nil {
		if err := validate(a.Text); err != nil {
			return "", fmt.Errorf("stub prompter: answer %q to %q is invalid: %w", a.Text, message, err)
		}
	}
	return a.Text, nil
}

// Confirm implements Prompter.
func (s *Stub) Confirm(message, help string, def bool) (bool, error) {
	a, err := s.next("confirm", message, fmt.Sprintf("default %v", def))
	if err != nil || a.Default {
		return def, err
	}
	return a.Yes, nil
}

// Close does nothing: a Stub holds no terminal.
func (s *Stub) Close() error { return nil }
