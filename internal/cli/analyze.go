package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/dockgen/dockgen/internal/analyze"
	"github.com/dockgen/dockgen/internal/iostreams"
)

// AnalyzeOptions are the inputs of dockgen analyze.
type AnalyzeOptions struct {
	Factory  *Factory
	IO       *iostreams.IOStreams
	Ctx      context.Context // cancelled by an interrupt
	Dir      string
	JSON     bool
	Download bool
	Trace    bool
}

// NewCmdAnalyze returns the analyze command.
func NewCmdAnalyze(f *Factory, runF func(*AnalyzeOptions) error) *cobra.Command {
	opts := &AnalyzeOptions{Factory: f, IO: f.IO}
	cmd := &cobra.Command{
		Use:   "analyze [DIR]",
		Short: "Print what the analyzer found in a Go module",
		Long: `Print what dockgen's analyzer found in the Go module or workspace in DIR
(default: the current directory): module, Go version, vendoring, workspace,
and for every main package what it needs at run time (cgo, CA certificates,
zoneinfo, /tmp, users, ports, health route, version variables, embedded
files), each with where in the code it was seen.`,
		Example: `  dockgen analyze
  dockgen analyze ./service --json | jq '.mains[].binary'
  dockgen analyze --trace`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ctx = cmd.Context()
			opts.Dir = "."
			if len(args) == 1 {
				opts.Dir = args[0]
			}
			if runF != nil {
				return runF(opts)
			}
			return analyzeRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print one JSON object")
	cmd.Flags().BoolVar(&opts.Download, "download", false, "fetch module sources with go mod download first, so cgo and needs inside dependencies are read")
	cmd.Flags().BoolVar(&opts.Trace, "trace", false, "print where the analysis spent its time, per phase, on stderr (DOCKGEN_TRACE=1 does this for every command)")
	addNoCacheFlag(cmd, f)
	return cmd
}

func analyzeRun(opts *AnalyzeOptions) error {
	p, err := loadProjectTraced(opts.Ctx, opts.Factory, opts.Dir, opts.Download, opts.Trace)
	if err != nil {
		return err
	}
	if opts.JSON {
		enc := json.NewEncoder(opts.IO.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(p)
	}
	printProject(opts.IO.Out, p)
	for _, w := range p.Warnings {
		fmt.Fprintf(opts.IO.ErrOut, "%s %s\n", opts.IO.Yellow("warning:"), w)
	}
	return nil
}

// printProject prints the facts for people: one line per fact, with the
// places in the code that justify it indented below.
func printProject(w io.Writer, p *analyze.Project) {
	toolchain := p.Toolchain
	if toolchain == "" {
		toolchain = "none"
	}
	fmt.Fprintf(w, "module     %s\n", p.Module)
	fmt.Fprintf(w, "go         %s (toolchain %s)\n", p.Go, toolchain)
	fmt.Fprintf(w, "vendor     %s\n", yesNo(p.Vendor))
	fmt.Fprintf(w, "workspace  %s\n", yesNo(p.Workspace))
	sum := yesNo(p.HasGoSum)
	if n := len(p.Unsummed); n > 0 {
		sum += fmt.Sprintf(", without the checksum of %d requirement(s): a build stops there (run go mod tidy)", n)
	}
	fmt.Fprintf(w, "go.sum     %s\n", sum)
	for _, u := range p.Unsummed {
		fmt.Fprintf(w, "             %s: %s %s\n", u.Pos, u.Path, u.Version)
	}
	fmt.Fprintf(w, "requires   %d\n", len(p.Requires))
	for _, r := range p.Replaces {
		where := "inside"
		if r.Outside {
			where = "OUTSIDE the build context"
		}
		fmt.Fprintf(w, "replace    %s => %s (%s; %s)\n", r.Old, r.Dir, where, r.Pos)
	}
	if len(p.Private) > 0 {
		fmt.Fprintf(w, "private    %s\n", strings.Join(p.Private, ", "))
	}
	for _, m := range p.Mains {
		fmt.Fprintf(w, "\nmain %s (%s) builds %s\n", m.Dir, m.ImportPath, m.Binary)
		fact := func(name, value, evFact string) {
			fmt.Fprintf(w, "  %-10s %s\n", name, value)
			for _, ev := range m.Evidence {
				if ev.Fact == evFact {
					fmt.Fprintf(w, "             %s: %s\n", ev.Pos, ev.Detail)
				}
			}
		}
		fact("cgo", yesNo(m.Cgo), analyze.FactCgo)
		fact("ca-certs", yesNo(m.Needs.CACerts), analyze.FactCACerts)
		tz := yesNo(m.Needs.TZData)
		if m.Needs.TZEmbedded {
			tz = "embedded (time/tzdata)"
		}
		fact("tzdata", tz, analyze.FactTZData)
		fact("tmp", yesNo(m.Needs.Tmp), analyze.FactTmp)
		fact("passwd", yesNo(m.Needs.Passwd), analyze.FactPasswd)
		fact("ports", orNone(ints(m.Ports)), analyze.FactPort)
		fact("command", orNone(strings.Join(m.Command, " ")), analyze.FactCommand)
		var listen []string
		for _, l := range m.Listen {
			listen = append(listen, l.Address+setBy(l))
		}
		fact("listen", orNone(strings.Join(listen, ", ")), analyze.FactListen)
		if len(m.Optional) > 0 {
			var opt []string
			for _, o := range m.Optional {
				opt = append(opt, o.Address+" (off by default)")
			}
			fact("optional", strings.Join(opt, ", "), analyze.FactOptional)
		}
		var data []string
		for _, d := range m.DataDirs {
			data = append(data, d.Path)
		}
		fact("data", orNone(strings.Join(data, " ")), analyze.FactDataDir)
		fact("database", orNone(databases(m)), analyze.FactDatabase)
		health := orNone(m.HealthPath)
		if m.HealthPort != 0 {
			health += fmt.Sprintf(" (port %d)", m.HealthPort)
		}
		fact("health", health, analyze.FactHealth)
		fact("probe", orNone(strings.Join(m.HealthCommand, " ")), analyze.FactProbe)
		fact("version", orNone(strings.Join(m.VersionVars, " ")), analyze.FactVersion)
		fact("embeds", orNone(fmt.Sprintf("%s (%d files)", strings.Join(m.Embeds, " "), len(m.EmbedFiles))), analyze.FactEmbed)
		var rf []string
		for _, f := range m.RuntimeFiles {
			if path.IsAbs(f.Path) {
				rf = append(rf, f.Source+" (at "+f.Path+")")
				continue
			}
			rf = append(rf, f.Source)
		}
		fact("reads", orNone(strings.Join(rf, " ")), analyze.FactRuntimeFS)
	}
}

// setBy names the environment variables and flags that set a listen
// address: " ($PORT, --addr)".
func setBy(l analyze.Listen) string {
	if by := l.SetBy(); len(by) > 0 {
		return " (" + strings.Join(by, ", ") + ")"
	}
	return ""
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func orNone(s string) string {
	if s == "" || strings.HasPrefix(s, " (0 files)") {
		return "none"
	}
	return s
}

func ints(ns []int) string {
	var s []string
	for _, n := range ns {
		s = append(s, strconv.Itoa(n))
	}
	return strings.Join(s, " ")
}

// databases describes the database servers a main connects to: "PostgreSQL
// at $DATABASE_URL, Redis".
func databases(m analyze.Main) string {
	var dbs []string
	for _, db := range m.Databases {
		s := analyze.DatabaseNames[db.Kind]
		if set := db.SetBy(); set != "" {
			s += " at " + set
		}
		if db.Choice != "" {
			s += " (one choice: " + db.Choice + ")"
		}
		dbs = append(dbs, s)
	}
	return strings.Join(dbs, ", ")
}
