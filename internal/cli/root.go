package cli

import (
	"github.com/spf13/cobra"
)

// NewCmdRoot returns the dockgen command with its subcommands.
func NewCmdRoot(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "dockgen <command>",
		Short: "Generate production Dockerfiles for Go modules",
		Long: `dockgen reads a Go module (go.mod, go.work and the sources) and writes a
multi-stage Dockerfile and a .dockerignore that build small, non-root,
cache-friendly images: CGO_ENABLED=0 when the code allows it, -trimpath,
cross-compilation from $BUILDPLATFORM, and a distroless, scratch or alpine
final stage carrying exactly the files the binary needs.`,
		Example: `  dockgen generate                      # write Dockerfile and .dockerignore here
  dockgen generate --base scratch -o -  # print a scratch Dockerfile
  dockgen analyze --json ./service      # what the analyzer found
  dockgen check                         # CI: are the files up to date?`,
		// Main prints errors and usage itself, once, and picks the exit
		// code; cobra would print them again and show usage for every error.
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	cmd.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return &flagError{err}
	})
	cmd.AddCommand(
		NewCmdInit(f, nil),
		NewCmdGenerate(f, nil),
		NewCmdAnalyze(f, nil),
		NewCmdCheck(f, nil),
		NewCmdLint(f, nil),
		NewCmdVersion(f, nil),
	)
	return cmd
}
