package cli

import (
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/dockgen/dockgen/internal/plan"
)

// choiceFlags are the flags init and generate share.
type choiceFlags struct {
	Base     string
	Mains    []string
	Primary  string
	Port     []string
	Cgo      string
	Include  []string
	Go       string
	Pin      bool
	Refresh  bool
	Context  string
	Output   string
	Force    bool
	Diff     bool
	Explain  bool
	Download bool
}

func (c *choiceFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&c.Base, "base", "", "final image `NAME`: "+plan.BaseNames()+" (default distroless)")
	fl.StringArrayVar(&c.Mains, "main", nil, "main package `DIR` (or binary name) to build; repeatable (default: the service-like mains)")
	fl.StringVar(&c.Primary, "primary", "", "`BINARY` of the default (last) stage")
	fl.StringArrayVar(&c.Port, "port", nil, "the `[BINARY=]N|none|auto` port to EXPOSE: a number, none, or auto for the detected ports, of the primary binary or of the one named; repeatable (default auto)")
	fl.StringVar(&c.Cgo, "cgo", "", "build with cgo `auto|on|off` (default auto: on when the code needs it)")
	fl.StringArrayVar(&c.Include, "include", nil, "add run-time files the analysis did not ask for, by `NAME`: "+strings.Join(plan.IncludeNames, ", ")+"; repeatable")
	fl.StringVar(&c.Go, "go-version", "", "pin the Go `VERSION` of the build stage (1.26.3); default: the newest patch dockgen knows of the release go.mod needs")
	fl.BoolVar(&c.Pin, "pin", false, "name every image by tag and digest, resolved through your Docker credentials (remembered; --pin=false unpins)")
	fl.BoolVar(&c.Refresh, "refresh", false, "resolve the pinned digests again: move each pin to the image its tag names now")
	fl.StringVar(&c.Context, "context", "", "build context `allow|deny`: allow leaves everything out and lets in what the build reads; deny lets everything in but known clutter and secrets (default allow for a new .dockerignore, else the style of the one found)")
	fl.StringVarP(&c.Output, "output", "o", "", "`DIR` to write into (default: the project directory); - prints the Dockerfile")
	fl.BoolVar(&c.Force, "force", false, "replace files dockgen did not write, or take dockgen's side in a conflict (a backup is kept)")
	fl.BoolVar(&c.Diff, "diff", false, "show what would change and write nothing")
	fl.BoolVar(&c.Explain, "explain", false, "print the reason for every decision")
	fl.BoolVar(&c.Download, "download", false, "fetch module sources with go mod download first, so cgo and needs inside dependencies are read")
	_ = cmd.RegisterFlagCompletionFunc("base", fixedCompletion(plan.BaseNames()))
	_ = cmd.RegisterFlagCompletionFunc("cgo", fixedCompletion("auto, on, off"))
	_ = cmd.RegisterFlagCompletionFunc("include", fixedCompletion(strings.Join(plan.IncludeNames, ", ")))
	_ = cmd.RegisterFlagCompletionFunc("port", fixedCompletion("auto, none"))
	_ = cmd.RegisterFlagCompletionFunc("context", fixedCompletion("allow, deny"))
}

// parsePortFlags reads the --port values: N|none|auto for the primary
// binary (the last one counts), BINARY=N|none|auto for the binary named.
func parsePortFlags(values []string) (int, map[string]int, error) {
	port := 0
	var named map[string]int
	for _, v := range values {
		if !strings.Contains(v, "=") {
			n, err := plan.ParsePort(v)
			if err != nil {
				return 0, nil, flagErrorf("--port: %v", err)
			}
			port = n
			continue
		}
		name, n, err := plan.ParseNamedPort(v)
		if err != nil {
			return 0, nil, flagErrorf("--port: %v", err)
		}
		if named == nil {
			named = map[string]int{}
		}
		named[name] = n // 0 (auto) stays: it drops a saved port when layered
	}
	return port, named, nil
}

// portsGiven says whether --port gave the primary's port and whether it
// named binaries.
func portsGiven(values []string) (primary, named bool) {
	for _, v := range values {
		if strings.Contains(v, "=") {
			named = true
		} else {
			primary = true
		}
	}
	return primary, named
}

func fixedCompletion(list string) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return strings.Split(list, ", "), cobra.ShellCompDirectiveNoFileComp
	}
}

// parse validates the flag values and says which choices they make.
// Errors are flag errors that name the flag.
func (c *choiceFlags) parse(cmd *cobra.Command) (plan.Choices, plan.Given, error) {
	given := plan.GivenBy(cmd.Flags().Changed)
	var ch plan.Choices
	var err error
	if given.Base {
		if ch.Base, err = plan.ParseBase(c.Base); err != nil {
			return ch, given, flagErrorf("--base: %v", err)
		}
	}
	if given.Port {
		if ch.Port, ch.Ports, err = parsePortFlags(c.Port); err != nil {
			return ch, given, err
		}
		given.Port, given.Ports = portsGiven(c.Port)
		given.PortNames = slices.Sorted(maps.Keys(ch.Ports))
	}
	if given.Cgo {
		if ch.Cgo, err = plan.ParseCgo(c.Cgo); err != nil {
			return ch, given, flagErrorf("--cgo: %v", err)
		}
	}
	if given.GoVersion {
		if err := plan.ParseGoVersion(c.Go); err != nil {
			return ch, given, flagErrorf("--go-version: %v", err)
		}
		ch.GoVersion = c.Go
	}
	ch.Pin = c.Pin
	if given.Context {
		if ch.Context, err = plan.ParseContext(c.Context); err != nil {
			return ch, given, flagErrorf("--context: %v", err)
		}
	}
	for _, inc := range c.Include {
		for _, part := range strings.Split(inc, ",") {
			if err := plan.ParseInclude(part); err != nil {
				return ch, given, flagErrorf("%v", err)
			}
			ch.Include = append(ch.Include, part)
		}
	}
	sort.Strings(ch.Include)
	ch.Mains = c.Mains
	ch.Primary = c.Primary
	return ch, given, nil
}
