package cli

import (
	"errors"
	"fmt"
)

// Exit codes.
const (
	exitOK        = 0
	exitFailure   = 1 // a failure, drift for check, findings for lint
	exitUsage     = 2 // bad flags or bad input
	exitCancelled = 130
)

// exitError carries an exit code with an error. A nil err exits silently.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// inputError marks err as a problem with the person's input: exit 2.
func inputError(err error) error { return &exitError{code: exitUsage, err: err} }

// failure marks err as a failure: exit 1.
func failure(err error) error { return &exitError{code: exitFailure, err: err} }

// silentExit exits with code without printing anything more.
func silentExit(code int) error { return &exitError{code: code} }

// flagError is a command-line usage mistake: exit 2 with a usage hint.
type flagError struct{ err error }

func (e *flagError) Error() string { return e.err.Error() }
func (e *flagError) Unwrap() error { return e.err }

func flagErrorf(format string, args ...any) error {
	return &flagError{fmt.Errorf(format, args...)}
}

// errCancelled means the person cancelled (Ctrl-C, Esc): exit 130.
var errCancelled = errors.New("cancelled")
