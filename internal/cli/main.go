// Package cli holds dockgen's cobra commands. Main is the one place that
// prints errors and picks exit codes: 0 ok, 1 failure (drift for check,
// findings for lint), 2 usage or input error, 130 cancelled.
package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/dockgen/dockgen/internal/iostreams"
)

// Main runs dockgen with the process's arguments and returns the exit code.
// An interrupt or SIGTERM (Ctrl-C outside the wizard's questions, which
// handle it themselves) cancels the run's context: the command stops at its
// next step, the set of files being written is left as it was, with no
// temporary file, and the exit code is 130. Nothing exits from elsewhere.
func Main() int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return RunContext(ctx, os.Args[1:], NewFactory(iostreams.System(), os.Getenv))
}

// Run runs dockgen with args and returns the exit code.
func Run(args []string, f *Factory) int {
	return RunContext(context.Background(), args, f)
}

// RunContext runs dockgen with args until ctx is cancelled, and returns the
// exit code.
func RunContext(ctx context.Context, args []string, f *Factory) int {
	root := NewCmdRoot(f)
	root.SetArgs(args)
	root.SetOut(f.IO.Out)
	root.SetErr(f.IO.ErrOut)
	cmd, err := root.ExecuteContextC(ctx)
	if err == nil {
		return exitOK
	}
	var fe *flagError
	var ee *exitError
	switch {
	case errors.Is(err, errCancelled) || errors.Is(err, context.Canceled):
		fmt.Fprintln(f.IO.Errors(), "cancelled: nothing written")
		return exitCancelled
	case errors.As(err, &fe) || isCobraUsageError(err):
		fmt.Fprintf(f.IO.Errors(), "dockgen: %s\n", err)
		fmt.Fprintf(f.IO.Errors(), "Run '%s --help' for usage.\n", cmd.CommandPath())
		return exitUsage
	case errors.As(err, &ee):
		if ee.err != nil {
			printError(f, ee.err)
		}
		return ee.code
	default:
		printError(f, err)
		return exitFailure
	}
}

// printError prints an error as one line, with any hint lines after it.
func printError(f *Factory, err error) {
	msg, hint, _ := strings.Cut(err.Error(), "\nhint: ")
	fmt.Fprintf(f.IO.Errors(), "dockgen: %s\n", msg)
	if hint != "" {
		fmt.Fprintf(f.IO.Errors(), "hint: %s\n", hint)
	}
}

// isCobraUsageError recognises the argument errors cobra makes itself.
func isCobraUsageError(err error) bool {
	msg := err.Error()
	for _, prefix := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "accepts ", "requires at least", "requires at most", "invalid argument", "flag needs an argument", "bad flag syntax"} {
		if strings.HasPrefix(msg, prefix) {
			return true
		}
	}
	return false
}
