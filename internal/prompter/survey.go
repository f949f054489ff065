package prompter

// This file is the only one that knows about survey/v2. survey is
// unmaintained upstream: to replace it, write another Prompter and leave
// the rest of the package alone.

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/AlecAivazis/survey/v2"
	"github.com/AlecAivazis/survey/v2/core"
	"github.com/AlecAivazis/survey/v2/terminal"
	"golang.org/x/term"
)

// Survey is the Prompter for a terminal, built on survey/v2. Ctrl-C and Esc
// cancel any question. Between its first question and Close the terminal
// stays in the mode survey reads keys in, so that keys typed ahead are
// neither echoed nor lost and Ctrl-C between two questions still cancels.
type Survey struct {
	in      *keyReader
	out     terminal.FileWriter
	restore func() error
}

var (
	colorOnce sync.Once
	hintsOnce sync.Once
)

// NewSurvey returns a Prompter that asks on the terminal in and out. With
// color false (NO_COLOR, TERM=dumb) nothing is coloured. survey decides
// colour once per process: the first NewSurvey sets it.
func NewSurvey(in io.Reader, out io.Writer, color bool) (*Survey, error) {
	fin, ok := in.(terminal.FileReader)
	if !ok {
		return nil, errors.New("asking questions: standard input is not a terminal")
	}
	fout, ok := out.(terminal.FileWriter)
	if !ok {
		return nil, errors.New("asking questions: standard output is not a terminal")
	}
	colorOnce.Do(func() { core.DisableColor = !color })
	hintsOnce.Do(shortenHints)
	return &Survey{in: newKeyReader(fin), out: fout}, nil
}

// shortenHints makes survey's key hints fit on the question's line in 80
// columns, with the question.
func shortenHints() {
	survey.SelectQuestionTemplate = strings.Replace(survey.SelectQuestionTemplate,
		"[Use arrows to move, type to filter", "[arrows move, enter picks", 1)
	survey.MultiSelectQuestionTemplate = strings.Replace(survey.MultiSelectQuestionTemplate,
		"[Use arrows to move, space to select,", "[space toggles, enter accepts", 1)
	survey.MultiSelectQuestionTemplate = strings.Replace(survey.MultiSelectQuestionTemplate,
		" type to filter", "", 1)
	for _, t := range []*string{&survey.SelectQuestionTemplate, &survey.MultiSelectQuestionTemplate} {
		*t = strings.Replace(*t, "for more help", "for help", 1)
	}
}

// echoName shows an answer by the options' names: the text before a note
// (see Prompter), so the answered question stays on one line.
func echoName(ans any) any {
	name := func(o core.OptionAnswer) core.OptionAnswer {
		o.Value, _, _ = strings.Cut(o.Value, "  ")
		return o
	}
	switch a := ans.(type) {
	case core.OptionAnswer:
		return name(a)
	case []core.OptionAnswer:
		out := make([]core.OptionAnswer, len(a))
		for i, o := range a {
			out[i] = name(o)
		}
		return out
	}
	return ans
}

// wrapHelp breaks help into lines that fit 80 columns after survey's
// "? " (survey counts the lines it prints, so explicit breaks are safe).
func wrapHelp(help string) string {
	var b strings.Builder
	Wrap(&b, "", help, Width-2)
	return strings.ReplaceAll(strings.TrimSuffix(b.String(), "\n"), "\n", "\n  ")
}

// Close gives the terminal back in the mode it had before the first
// question.
func (s *Survey) Close() error {
	if s.restore == nil {
		return nil
	}
	err := s.restore()
	s.restore = nil
	return err
}

func (s *Survey) ask(p survey.Prompt, response any, opts ...survey.AskOpt) error {
	if s.restore == nil {
		restore, err := holdKeys(int(s.in.Fd()))
		if err != nil {
			return fmt.Errorf("asking questions: %w", err)
		}
		s.restore = restore
	}
	opts = append(opts,
		survey.WithStdio(s.in, s.out, s.out),
		survey.WithPageSize(s.pageSize()),
		survey.WithRemoveSelectAll(),
		survey.WithRemoveSelectNone(),
		survey.WithShowCursor(true),
	)
	err := survey.Ask([]*survey.Question{{Prompt: p, Transform: echoName}}, response, opts...)
	if errors.Is(err, terminal.InterruptErr) {
		return ErrCancelled
	}
	return err
}

// pageSize fits an option list with its question and the lines above it
// in the terminal: 10 at most, fewer in a short terminal.
func (s *Survey) pageSize() int {
	_, rows, err := term.GetSize(int(s.out.Fd()))
	if err != nil || rows == 0 {
		return 10
	}
	return min(10, max(3, rows-12))
}

// Select implements Prompter.
func (s *Survey) Select(message, help string, options []string, def int) (int, error) {
	var i int
	err := s.ask(&survey.Select{Message: message, Help: wrapHelp(help), Options: options, Default: def}, &i)
	return i, err
}

// MultiSelect implements Prompter.
func (s *Survey) MultiSelect(message, help string, options []string, defs []int) ([]int, error) {
	var picked []int
	err := s.ask(&survey.MultiSelect{Message: message, Help: wrapHelp(help), Options: options, Default: defs}, &picked)
	return picked, err
}

// Input implements Prompter.
func (s *Survey) Input(message, help, def string, validate func(string) error) (string, error) {
	var answer string
	var opts []survey.AskOpt
	if validate != nil {
		opts = append(opts, survey.WithValidator(func(v any) error {
			return validate(fmt.Sprint(v))
		}))
	}
	err := s.ask(&survey.Input{Message: message, Help: wrapHelp(help), Default: def}, &answer, opts...)
	return answer, err
}

// Confirm implements Prompter.
func (s *Survey) Confirm(message, help string, def bool) (bool, error) {
	var yes bool
	err := s.ask(&survey.Confirm{Message: message, Help: wrapHelp(help), Default: def}, &yes)
	return yes, err
}
