package cli

import (
	"testing"

	"github.com/spf13/cobra"

	"github.com/dockgen/dockgen/internal/iostreams"
)

// parseArgs runs a command's flag parsing and argument checks with args and
// returns the options its runF received (nil when parsing failed).
func parseArgs[O any](t *testing.T, newCmd func(*Factory, func(*O) error) *cobra.Command, args []string) (*O, error) {
	t.Helper()
	ios, _, _, _ := iostreams.Test()
	var got *O
	cmd := newCmd(NewFactory(ios, func(string) string { return "" }), func(o *O) error {
		got = o
		return nil
	})
	cmd.SetArgs(args)
	cmd.SetOut(ios.Out)
	cmd.SetErr(ios.ErrOut)
	return got, cmd.Execute()
}
