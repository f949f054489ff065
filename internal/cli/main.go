// Package cli holds dockgen's cobra commands. Main is the one place that
// prints errors and picks exit codes: 0 ok, 1 failure (drift for check,
// findings for lint), 2 usage or input error, 130 cancelled.
package cli

import (
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/dockgen/dockgen/internal/iostreams"
)

// Main runs dockgen with the process's arguments and returns the exit code.
// An interrupt (Ctrl-C outside the wizard's questions, which handle it
// themselves) ends the run with exit 130; every write is atomic, so each
// file is either the old or the new one.
func Main() int {
	io := iostreams.System()
	interrupts := make(chan os.Signal, 1)
	signal.Notify(interrupts, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-interrupts
		fmt.Fprintln(io.ErrOut, "\ncancelled")
		os.Exit(exitCancelled)
	}()
	return Run(os.Args[1:], NewFactory(io, os.Getenv))
}

// Run runs dockgen with args and returns the exit code.
func Run(args []string, f *Factory) int {
	root := NewCmdRoot(f)
	root.SetArgs(args)
	root.SetOut(f.IO.Out)
	root.SetErr(f.IO.ErrOut)
	cmd, err := root.ExecuteC()
	if err == nil {
		return exitOK
	}
	var fe *flagError
	var ee *exitError
	switch {
	case errors.Is(err, errCancelled):
		fmt.Fprintln(f.IO.ErrOut, "cancelled: nothing written")
		return exitCancelled
	case errors.As(err, &fe) || isCobraUsageError(err):
		fmt.Fprintf(f.IO.ErrOut, "dockgen: %s\n", err)
		fmt.Fprintf(f.IO.ErrOut, "Run '%s --help' for usage.\n", cmd.CommandPath())
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
	fmt.Fprintf(f.IO.ErrOut, "dockgen: %s\n", msg)
	if hint != "" {
		fmt.Fprintf(f.IO.ErrOut, "hint: %s\n", hint)
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
