// Package iostreams is the only door to the terminal: standard input,
// output and error, whether they are terminals, and whether colour is
// wanted. Commands get an IOStreams; tests get buffers from Test.
package iostreams

import (
	"bytes"
	"io"
	"os"

	"golang.org/x/term"
)

// IOStreams holds the standard streams and what is known about them.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer

	stdinTTY, stdoutTTY, stderrTTY bool
	noColor                        bool

	quiet  bool
	errors io.Writer // where errors go when quiet (the real ErrOut)
}

// System returns the process's streams.
func System() *IOStreams {
	return &IOStreams{
		In:        os.Stdin,
		Out:       os.Stdout,
		ErrOut:    os.Stderr,
		stdinTTY:  term.IsTerminal(int(os.Stdin.Fd())),
		stdoutTTY: term.IsTerminal(int(os.Stdout.Fd())),
		stderrTTY: term.IsTerminal(int(os.Stderr.Fd())),
		noColor:   NoColor(os.Getenv),
	}
}

// NoColor reports whether the environment turns colour off: NO_COLOR set
// to a non-empty value (https://no-color.org: an empty one does not count),
// or TERM=dumb.
func NoColor(getenv func(string) string) bool {
	return getenv("NO_COLOR") != "" || getenv("TERM") == "dumb"
}

// SetQuiet silences everything but errors (--quiet): ErrOut discards what
// is written to it and there is no progress; errors go to Errors.
func (s *IOStreams) SetQuiet() {
	if !s.quiet {
		s.quiet, s.errors, s.ErrOut = true, s.ErrOut, io.Discard
	}
}

// Errors returns where errors are printed: standard error, even when quiet.
func (s *IOStreams) Errors() io.Writer {
	if s.quiet {
		return s.errors
	}
	return s.ErrOut
}

// Test returns streams backed by buffers, none of them a terminal.
func Test() (ios *IOStreams, in, out, errOut *bytes.Buffer) {
	in, out, errOut = &bytes.Buffer{}, &bytes.Buffer{}, &bytes.Buffer{}
	return &IOStreams{In: in, Out: out, ErrOut: errOut, noColor: true}, in, out, errOut
}

// SetTTY marks the streams as terminals or not (for tests).
func (s *IOStreams) SetTTY(stdin, stdout, stderr bool) {
	s.stdinTTY, s.stdoutTTY, s.stderrTTY = stdin, stdout, stderr
}

// IsStdoutTTY reports whether standard output is a terminal.
func (s *IOStreams) IsStdoutTTY() bool { return s.stdoutTTY }

// IsStderrTTY reports whether standard error is a terminal.
func (s *IOStreams) IsStderrTTY() bool { return s.stderrTTY }

// CanPrompt reports whether questions can be asked: both standard input
// and standard output are terminals.
func (s *IOStreams) CanPrompt() bool { return s.stdinTTY && s.stdoutTTY }

// ColorEnabled reports whether messages on standard error may use colour:
// it is a terminal, NO_COLOR is unset and TERM is not dumb.
func (s *IOStreams) ColorEnabled() bool { return s.stderrTTY && !s.noColor }

// Bold returns s in bold when colour is enabled.
func (s *IOStreams) Bold(text string) string { return s.sgr("1", text) }

// Green returns s in green when colour is enabled.
func (s *IOStreams) Green(text string) string { return s.sgr("32", text) }

// Yellow returns s in yellow when colour is enabled.
func (s *IOStreams) Yellow(text string) string { return s.sgr("33", text) }

// Red returns s in red when colour is enabled.
func (s *IOStreams) Red(text string) string { return s.sgr("31", text) }

func (s *IOStreams) sgr(code, text string) string {
	if !s.ColorEnabled() {
		return text
	}
	return "\x1b[" + code + "m" + text + "\x1b[0m"
}
