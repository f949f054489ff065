package cli

import (
	"github.com/spf13/cobra"
)

// environment is the ENVIRONMENT section of the root help, and the text
// of dockgen help environment.
const environment = `Environment:
  NO_COLOR    when set to a non-empty value, messages and questions are
              never coloured (colour is only ever used on a terminal)
  GOPRIVATE   private module patterns (with GONOPROXY): their modules are
              reported, and the Dockerfile sets GOPRIVATE and mounts a
              netrc secret for the download
  GOMODCACHE  the module cache dependency sources are read from (default
              $GOPATH/pkg/mod, else ~/go/pkg/mod); a missing source is
              reported, or fetched with --download
  GOFLAGS     read by go mod download (--download) only; the analysis
              takes no flags from it
  DOCKGEN_CACHE_DIR
              where analyses are kept (default: dockgen/analysis in the
              user cache directory, ~/.cache on Linux); one is reused only
              while every file and variable it read is unchanged
  DOCKGEN_CACHE
              off: analyze afresh every time, like --no-cache
  DOCKGEN_TRACE
              1: print where each analysis spent its time, and whether the
              cache answered, on stderr (like analyze --trace)

Exit codes: 0 ok, 1 failure (drift for check, findings for lint), 2 usage
or input error, 130 cancelled.`

// NewCmdRoot returns the dockgen command with its subcommands.
func NewCmdRoot(f *Factory) *cobra.Command {
	var quiet bool
	cmd := &cobra.Command{
		Use:   "dockgen <command>",
		Short: "Generate production Dockerfiles for Go modules",
		Long: `dockgen reads a Go module (go.mod, go.work and the sources) and writes a
multi-stage Dockerfile and a .dockerignore that build small, non-root,
cache-friendly images: CGO_ENABLED=0 when the code allows it, -trimpath,
cross-compilation from $BUILDPLATFORM, and a distroless, scratch or alpine
final stage carrying exactly the files the binary needs.

` + environment,
		Example: `  dockgen generate                      # write Dockerfile and .dockerignore here
  dockgen generate --base scratch -o -  # print a scratch Dockerfile
  dockgen analyze --json ./service      # what the analyzer found
  dockgen check                         # CI: are the files up to date?`,
		// Main prints errors and usage itself, once, and picks the exit
		// code; cobra would print them again and show usage for every error.
		SilenceErrors: true,
		SilenceUsage:  true,
		Version:       versionString(),
		PersistentPreRun: func(cmd *cobra.Command, args []string) {
			if quiet {
				f.IO.SetQuiet()
			}
		},
	}
	cmd.PersistentFlags().BoolVarP(&quiet, "quiet", "q", false, "print nothing on standard error but errors")
	cmd.SetVersionTemplate("dockgen {{.Version}}\n")
	cmd.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return &flagError{err}
	})
	// Commands are listed in the order a person meets them, not sorted.
	cobra.EnableCommandSorting = false
	cmd.AddGroup(
		&cobra.Group{ID: "start", Title: "Getting started:"},
		&cobra.Group{ID: "keep", Title: "Keeping it right:"},
	)
	for _, g := range []struct {
		group string
		cmd   *cobra.Command
	}{
		{"start", NewCmdInit(f, nil)},
		{"start", NewCmdGenerate(f, nil)},
		{"keep", NewCmdCheck(f, nil)},
		{"keep", NewCmdLint(f, nil)},
		{"keep", NewCmdAnalyze(f, nil)},
		{"", NewCmdVersion(f, nil)},
	} {
		g.cmd.GroupID = g.group
		cmd.AddCommand(g.cmd)
	}
	// A help topic: dockgen help environment.
	cmd.AddCommand(&cobra.Command{
		Use:   "environment",
		Short: "The environment variables dockgen reads, and its exit codes",
		Long:  environment,
	})
	return cmd
}
