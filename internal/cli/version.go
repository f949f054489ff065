package cli

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/dockgen/dockgen/internal/iostreams"
)

// Stamped at build time with
// -ldflags "-X github.com/dockgen/dockgen/internal/cli.version=… -X …cli.commit=…".
var (
	version = ""
	commit  = ""
)

// VersionOptions are the inputs of dockgen version.
type VersionOptions struct {
	IO *iostreams.IOStreams
}

// NewCmdVersion returns the version command.
func NewCmdVersion(f *Factory, runF func(*VersionOptions) error) *cobra.Command {
	opts := &VersionOptions{IO: f.IO}
	return &cobra.Command{
		Use:     "version",
		Short:   "Print dockgen's version, commit and Go version",
		Long:    "Print the version and commit dockgen was built from (stamped with -ldflags, else read from the module build information) and the Go version that built it.",
		Example: "  dockgen version",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return versionRun(opts)
		},
	}
}

func versionRun(opts *VersionOptions) error {
	fmt.Fprintf(opts.IO.Out, "dockgen %s\n", versionString())
	return nil
}

// versionString is what dockgen version and dockgen --version print after
// "dockgen ".
func versionString() string {
	v, c := buildVersion()
	return fmt.Sprintf("%s (commit %s, %s)", v, c, runtime.Version())
}

// buildVersion returns the stamped version and commit, falling back on the
// module version and VCS revision the go command recorded.
func buildVersion() (string, string) {
	v, c := version, commit
	if info, ok := debug.ReadBuildInfo(); ok {
		if v == "" && info.Main.Version != "" && info.Main.Version != "(devel)" {
			v = info.Main.Version
		}
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && c == "" {
				c = s.Value
			}
		}
	}
	if v == "" {
		v = "dev"
	}
	if c == "" {
		c = "unknown"
	}
	return v, c
}
