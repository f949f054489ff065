package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/spf13/cobra"

	"github.com/dockgen/dockgen/internal/iostreams"
	"github.com/dockgen/dockgen/internal/lint"
	"github.com/dockgen/dockgen/internal/txwrite"
)

// LintOptions are the inputs of dockgen lint.
type LintOptions struct {
	Factory *Factory
	IO      *iostreams.IOStreams
	// Ctx is cancelled by an interrupt; every write stops on it.
	Ctx context.Context
	// Files are the Dockerfiles to review; "-" is standard input.
	Files []string
	// Format is text or json.
	Format string
	// Fix rewrites the findings that can be fixed mechanically.
	Fix bool
	// Explain prints each finding's fix hint and documentation link.
	Explain bool
	// Strict turns on the rules that are off by default.
	Strict bool
}

// lintFormats are the values of --format.
var lintFormats = []string{"text", "json"}

// NewCmdLint returns the lint command.
func NewCmdLint(f *Factory, runF func(*LintOptions) error) *cobra.Command {
	opts := &LintOptions{Factory: f, IO: f.IO}
	cmd := &cobra.Command{
		Use:   "lint [FILE...]",
		Short: "Review Dockerfiles against BuildKit's checks and rules for Go builds",
		Long: `Review Dockerfiles, hand-written or generated (default: ./Dockerfile; a
directory means its Dockerfile; - reads standard input).

The Dockerfile is parsed with BuildKit's own parser and checked with the
rules of docker build --check (same names, same meaning), without pulling
any image, and with rules for Go builds: go.mod and go.sum copied together
before the module download, the download in its own layer, cache mounts,
cross-compilation from $BUILDPLATFORM for $TARGETOS/$TARGETARCH, -trimpath,
cgo and static images, CA certificates on scratch, a numeric non-root user,
pinned image tags, exec-form commands on images without a shell, .git kept
out of the context, no credentials in build arguments, and, inside a module,
a builder Go at least as new as go.mod requires.

Each finding is printed as FILE:LINE: RULE: message. The .dockerignore
beside the Dockerfile and the go.mod in its directory (else in the current
directory) are read too. A "# check=skip=Rule1,Rule2" (or skip=all)
directive at the top of the Dockerfile, or right above an instruction,
switches rules off as it does for docker build --check.

--fix rewrites what is mechanical (instruction casing, exec form, key=value
form, -trimpath, ...) and reports what is left. --explain prints each
finding's hint and the address of its rule; every rule and its fix is
described at ` + lint.DocsURL + `.

Exit 0 when nothing is found, 1 when something is, 2 when a file cannot be
read or parsed.`,
		Example: `  dockgen lint
  dockgen lint build/api.Dockerfile build/worker.Dockerfile
  dockgen lint --explain
  dockgen lint --fix
  dockgen lint --format json | jq -r '.[].rule'
  dockgen generate -o - | dockgen lint -`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ctx = cmd.Context()
			opts.Files = args
			if len(opts.Files) == 0 {
				opts.Files = []string{"Dockerfile"}
			}
			if !slices.Contains(lintFormats, opts.Format) {
				return flagErrorf("--format: unknown format %q (want text, json)", opts.Format)
			}
			if opts.Fix && slices.Contains(opts.Files, "-") {
				return flagErrorf("--fix cannot rewrite standard input")
			}
			if runF != nil {
				return runF(opts)
			}
			return lintRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Format, "format", "text", "output `FORMAT`: text (FILE:LINE: RULE: message) or json")
	cmd.Flags().BoolVar(&opts.Fix, "fix", false, "rewrite what can be fixed mechanically, then report the rest")
	cmd.Flags().BoolVar(&opts.Explain, "explain", false, "print each finding's fix hint and documentation link")
	cmd.Flags().BoolVar(&opts.Strict, "strict", false, "also apply the rules that are off by default: GoUnpinnedBase (a production base image without a digest)")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(lintFormats, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// lintInput is one Dockerfile to review.
type lintInput struct {
	name string
	data []byte
	opts lint.Options
}

func lintRun(opts *LintOptions) error {
	cwd, err := os.Getwd()
	if err != nil {
		return failure(err)
	}
	// Read and check every input first: a bad one is exit 2 with nothing
	// else printed.
	var inputs []lintInput
	for _, name := range opts.Files {
		in, err := readLintInput(opts.IO, name, cwd)
		if err != nil {
			return inputError(err)
		}
		inputs = append(inputs, in)
	}
	if opts.Fix {
		if err := lintFix(opts, inputs); err != nil {
			return err
		}
	}
	var all []lint.Finding
	for _, in := range inputs {
		in.opts.Strict = opts.Strict
		found, err := lint.Lint(in.name, in.data, in.opts)
		if err != nil {
			return inputError(err)
		}
		all = append(all, found...)
	}
	if opts.Format == "json" {
		if all == nil {
			all = []lint.Finding{}
		}
		enc := json.NewEncoder(opts.IO.Out)
		enc.SetIndent("", "  ")
		if err := enc.Encode(all); err != nil {
			return failure(err)
		}
	} else {
		printLintFindings(opts.IO.Out, all, opts.Explain)
	}
	if len(all) == 0 {
		return nil
	}
	fixable := 0
	for _, f := range all {
		if f.Fixable {
			fixable++
		}
	}
	summary := fmt.Sprintf("%d %s", len(all), lintPlural(len(all), "finding", "findings"))
	if fixable > 0 {
		summary += fmt.Sprintf(" (%d fixable with --fix)", fixable)
	}
	fmt.Fprintln(opts.IO.ErrOut, summary)
	return silentExit(exitFailure)
}

// lintFix fixes every input and writes the fixed files together, all or
// none; inputs then hold the fixed text.
func lintFix(opts *LintOptions, inputs []lintInput) error {
	var set []txwrite.File
	var counts []int
	for i, in := range inputs {
		fixed, n, err := lint.Fix(in.name, in.data, in.opts)
		if err != nil {
			return inputError(err)
		}
		counts = append(counts, n)
		if n > 0 {
			set = append(set, txwrite.File{Name: in.name, Data: fixed, Replace: true})
			inputs[i].data = fixed
		}
	}
	if _, err := txwrite.Commit(opts.Ctx, set); err != nil {
		return failure(err)
	}
	for i, n := range counts {
		if n > 0 {
			fmt.Fprintf(opts.IO.ErrOut, "%s: fixed %d %s\n", inputs[i].name, n, lintPlural(n, "finding", "findings"))
		}
	}
	return nil
}

// readLintInput reads one Dockerfile and what it is linted against.
func readLintInput(ios *iostreams.IOStreams, name, cwd string) (lintInput, error) {
	var data []byte
	var err error
	if name == "-" {
		data, err = readLintStdin(ios.In)
	} else {
		if info, statErr := os.Stat(name); statErr == nil && info.IsDir() {
			name = filepath.Join(name, "Dockerfile")
		}
		data, err = txwrite.ReadFile(name)
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return lintInput{}, fmt.Errorf("%s: no such file", name)
	case err != nil && name == "-":
		return lintInput{}, fmt.Errorf("reading standard input: %w", err)
	case err != nil:
		return lintInput{}, err
	}
	lo, err := lint.Load(name, cwd)
	if err != nil {
		return lintInput{}, err
	}
	return lintInput{name: name, data: data, opts: lo}, nil
}

func readLintStdin(r io.Reader) ([]byte, error) {
	if r == nil {
		return nil, nil
	}
	return io.ReadAll(r)
}

// printLintFindings prints one finding a line, with the hint and the link
// below each with explain.
func printLintFindings(w io.Writer, findings []lint.Finding, explain bool) {
	for _, f := range findings {
		fmt.Fprintln(w, f.String())
		if explain {
			fmt.Fprintf(w, "    hint: %s\n", f.Hint)
			fmt.Fprintf(w, "    see:  %s\n", f.URL)
		}
	}
}

func lintPlural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
