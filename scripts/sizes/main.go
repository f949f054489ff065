// Command sizes builds every example (each directory under examples/ with a
// go.mod) for every base image dockgen offers, with Docker, and prints the
// image sizes as a Markdown table: image, binary, image − binary, the base
// image, and what dockgen adds beyond base image and binary. It checks the
// targets of issue 4 (scratch: image − binary under 300 kB; every base:
// added under 1 MB) and exits 1 when one is missed.
//
// The base images are the end-to-end suite's offline stand-ins (see
// e2e/harness), and module downloads go to its loopback stand-in for
// proxy.golang.org. It needs a Docker daemon (.ci/docker-setup starts one).
//
//	go run ./scripts/sizes                    # print the table
//	go run ./scripts/sizes -readme README.md  # and write it into the README
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/dockgen/dockgen/e2e/harness"
)

const (
	beginMarker = "<!-- sizes:begin -->"
	endMarker   = "<!-- sizes:end -->"
)

func main() { os.Exit(run()) }

func run() int {
	readme := flag.String("readme", "", "also replace the section between "+beginMarker+" and "+endMarker+" of this file")
	flag.Parse()
	logf := func(format string, args ...any) { fmt.Fprintf(os.Stderr, "sizes: "+format+"\n", args...) }
	ctx := context.Background()
	start := time.Now()

	env, err := harness.OpenEnv(ctx, logf)
	if err != nil {
		logf("%v", err)
		return 1
	}
	defer env.Close()
	logf("offline builds: the `# syntax=` line is dropped; module downloads go to %s, a loopback stand-in for proxy.golang.org", env.Proxy.URL)

	var rows []harness.SizeRow
	for _, ex := range env.Examples {
		for _, base := range harness.Bases {
			dir, err := os.MkdirTemp(env.Work, ex.Name+"-"+base+"-")
			if err != nil {
				logf("%v", err)
				return 1
			}
			p, err := env.Prepare(ctx, ex, base, dir)
			if err != nil {
				logf("%v", err)
				return 1
			}
			if err := env.Standins.Ensure(ctx, p.Images); err != nil {
				logf("%v", err)
				return 1
			}
			for _, target := range p.Targets {
				logf("building %s --target %s for %s", ex.Name, target, base)
				out, err := env.BuildTarget(ctx, p, target, harness.StampArgs()...)
				if err != nil {
					logf("%v\n%s", err, harness.Tail(out, 40))
					return 1
				}
				row, _, err := env.Measure(ctx, p, target)
				if err != nil {
					logf("%v", err)
					return 1
				}
				rows = append(rows, row)
			}
		}
	}
	harness.SortRows(rows)
	var problems []string
	for _, r := range rows {
		problems = append(problems, r.Problems()...)
	}
	section, err := render(env, rows, problems)
	if err != nil {
		logf("%v", err)
		return 1
	}
	fmt.Print(section)
	if *readme != "" {
		if err := replaceSection(*readme, section); err != nil {
			logf("%v", err)
			return 1
		}
		logf("wrote the table into %s", *readme)
	}
	logf("done in %s", time.Since(start).Round(time.Second))
	for _, p := range problems {
		logf("target missed: %s", p)
	}
	if len(problems) > 0 {
		return 1
	}
	return 0
}

// render writes the README section: how the figures were made, the table,
// and the verdict on the targets.
func render(env *harness.Env, rows []harness.SizeRow, problems []string) (string, error) {
	version, err := os.ReadFile(filepath.Join(env.GOROOT, "VERSION"))
	if err != nil {
		return "", err
	}
	goVersion, _, _ := strings.Cut(string(version), "\n")
	bases := map[string]int64{}
	var baseNames []string
	for _, r := range rows {
		if r.BaseRef == "scratch" {
			continue
		}
		if _, ok := bases[r.BaseRef]; !ok {
			baseNames = append(baseNames, r.BaseRef)
		}
		bases[r.BaseRef] = r.BaseImage
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "Measured with `go run ./scripts/sizes -readme README.md`: every example built by\n")
	fmt.Fprintf(&b, "Docker from the generated files, for each base, linux/amd64, %s. Sizes are\n", goVersion)
	fmt.Fprintf(&b, "as `docker image inspect` reports them (uncompressed), 1 MB = 10⁶ bytes.\n")
	fmt.Fprintf(&b, "No registry is reachable where this runs, so the base images are the\n")
	fmt.Fprintf(&b, "end-to-end suite's minimal stand-ins (e2e/harness/standins.go):\n")
	for i, n := range baseNames {
		sep := ","
		if i == len(baseNames)-1 {
			sep = "."
		}
		fmt.Fprintf(&b, "`%s` %.2f MB%s\n", n, float64(bases[n])/1e6, sep)
	}
	fmt.Fprintf(&b, "The totals include them; the \"added by dockgen\" column (image − base\n")
	fmt.Fprintf(&b, "image − binary: users, directories, copied files, certificates) does not.\n\n")
	b.WriteString(harness.SizeTable(rows))
	b.WriteString("\n")
	if len(problems) == 0 {
		fmt.Fprintf(&b, "Targets met: on scratch, image − binary stays under %d kB; on every base,\n", harness.ScratchOverheadMax/1000)
		fmt.Fprintf(&b, "dockgen adds under %d MB beyond the base image and the binary.\n", harness.AddedMax/1000000)
		b.WriteString("The end-to-end suite builds and runs the same images and checks them (health\n")
		b.WriteString("route, uid 65532, static binaries, no .git or secrets in the build context,\n")
		b.WriteString("module download cached across a code change): `DOCKGEN_E2E=1 go test ./e2e/ -v -timeout 60m`.\n")
	} else {
		b.WriteString("Targets missed:\n\n")
		for _, p := range problems {
			fmt.Fprintf(&b, "- %s\n", p)
		}
	}
	return b.String(), nil
}

// replaceSection puts section between the markers of the file.
func replaceSection(name, section string) error {
	data, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	text := string(data)
	i := strings.Index(text, beginMarker)
	j := strings.Index(text, endMarker)
	if i < 0 || j < i {
		return fmt.Errorf("%s has no %s … %s section", name, beginMarker, endMarker)
	}
	text = text[:i+len(beginMarker)] + "\n" + section + text[j:]
	return os.WriteFile(name, []byte(text), 0o644)
}
