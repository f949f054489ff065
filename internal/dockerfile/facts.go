// Package dockerfile reads the facts of an existing Dockerfile, generated
// or hand-written, with BuildKit's own parser: the Go version of its
// builder, its stages, whether it disables cgo, what go build builds, and
// what it exposes. dockgen check compares them with the project.
package dockerfile

import (
	"bytes"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/moby/buildkit/frontend/dockerfile/shell"
)

// Facts are what a Dockerfile says about the build.
type Facts struct {
	// GoVersion is the Go version of the first golang builder image
	// ("1.25.0", "1.22"), "" when unknown (no golang image, or latest).
	GoVersion string
	// GoLine is the line of the FROM (or ARG default) that sets it.
	GoLine int
	// Stages are the stages in order.
	Stages []Stage
	// CgoDisabled reports CGO_ENABLED=0 in a go build step or an ENV.
	CgoDisabled bool
	// CgoLine is the line that sets it.
	CgoLine int
	// Packages are the packages go build is given, with their lines.
	Packages []Package
	// Ports are the ports of the last stage's EXPOSE lines.
	Ports []int
	// Pins are the images named by digest (FROM and COPY --from), in order.
	Pins []Pin
}

// Pin is an image reference pinned to a digest.
type Pin struct {
	// Ref is the reference without the digest, build arguments expanded
	// ("golang:1.26.11-trixie").
	Ref string
	// Digest is "sha256:…".
	Digest string
	// Line is where it is named.
	Line int
}

// addPin records image when it carries a digest.
func (f *Facts) addPin(image string, line int) {
	if ref, dg, ok := strings.Cut(image, "@"); ok {
		f.Pins = append(f.Pins, Pin{Ref: ref, Digest: dg, Line: line})
	}
}

// PinOf returns the digest the Dockerfile pins ref to, or "".
func (f *Facts) PinOf(ref string) string {
	for _, p := range f.Pins {
		if p.Ref == ref {
			return p.Digest
		}
	}
	return ""
}

// Stage is one FROM.
type Stage struct {
	Name  string
	Image string // with build arguments expanded
	Line  int
	// Final reports whether the stage is an image of its own: the last
	// stage, or one that no other stage builds on or copies from and that
	// runs something (ENTRYPOINT or CMD).
	Final bool
	// Ports are the ports of the stage's EXPOSE lines.
	Ports []int
}

// Finals returns the final stages, in order.
func (f *Facts) Finals() []Stage {
	var out []Stage
	for _, s := range f.Stages {
		if s.Final {
			out = append(out, s)
		}
	}
	return out
}

// Package is one package argument of a go build.
type Package struct {
	Path string
	Line int
}

var goTagRE = regexp.MustCompile(`^golang:(\d+\.\d+(?:\.\d+)?(?:rc\d+)?)`)

// Read parses a Dockerfile; errors name the file and line.
func Read(name string, data []byte) (*Facts, error) {
	res, err := parser.Parse(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	stages, metaArgs, err := instructions.Parse(res.AST, nil)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	args := map[string]string{}
	argLines := map[string]int{}
	for _, a := range metaArgs {
		for _, kv := range a.Args {
			if kv.Value != nil {
				args[kv.Key] = *kv.Value
				argLines[kv.Key] = a.Location()[0].Start.Line
			}
		}
	}
	lex := shell.NewLex('\\')
	f := &Facts{}
	for _, s := range stages {
		image, _, err := lex.ProcessWord(s.BaseName, shell.EnvsFromSlice(envList(args)))
		if err != nil {
			image = s.BaseName
		}
		line := s.Location[0].Start.Line
		f.Stages = append(f.Stages, Stage{Name: s.Name, Image: image, Line: line})
		f.addPin(image, line)
		if m := goTagRE.FindStringSubmatch(image); m != nil && f.GoVersion == "" {
			f.GoVersion, f.GoLine = m[1], line
			for _, key := range slices.Sorted(maps.Keys(argLines)) {
				if strings.Contains(s.BaseName, "$"+key) || strings.Contains(s.BaseName, "${"+key) {
					f.GoLine = argLines[key] // the first argument the tag uses, by name
					break
				}
			}
		}
		ports := f.readCommands(s.Commands)
		f.Stages[len(f.Stages)-1].Ports = ports
		f.Ports = ports
	}
	markFinals(f.Stages, stages)
	return f, nil
}

// markFinals marks the final stages: the last, and those no other stage
// names in FROM, COPY --from or RUN --mount=from that run something.
func markFinals(out []Stage, stages []instructions.Stage) {
	used := map[string]bool{}
	runs := make([]bool, len(stages))
	for i, s := range stages {
		used[strings.ToLower(s.BaseName)] = true
		for _, cmd := range s.Commands {
			switch c := cmd.(type) {
			case *instructions.CopyCommand:
				used[strings.ToLower(c.From)] = true
			case *instructions.RunCommand:
				for _, m := range instructions.GetMounts(c) {
					used[strings.ToLower(m.From)] = true
				}
			case *instructions.EntrypointCommand, *instructions.CmdCommand:
				runs[i] = true
			}
		}
	}
	for i := range out {
		name := strings.ToLower(out[i].Name)
		referenced := used[strconv.Itoa(i)] || name != "" && used[name]
		out[i].Final = i == len(out)-1 || !referenced && runs[i]
	}
}

// readCommands records what the instructions of a stage say about cgo and
// the packages built, and returns the ports the stage exposes.
func (f *Facts) readCommands(cmds []instructions.Command) []int {
	var ports []int
	for _, cmd := range cmds {
		switch c := cmd.(type) {
		case *instructions.RunCommand:
			f.readRun(c)
		case *instructions.CopyCommand:
			f.addPin(c.From, c.Location()[0].Start.Line)
		case *instructions.EnvCommand:
			for _, kv := range c.Env {
				if kv.Key == "CGO_ENABLED" && kv.Value == "0" {
					f.CgoDisabled, f.CgoLine = true, c.Location()[0].Start.Line
				}
			}
		case *instructions.ExposeCommand:
			for _, p := range c.Ports {
				p, _, _ = strings.Cut(p, "/")
				if n, err := strconv.Atoi(p); err == nil {
					ports = append(ports, n)
				}
			}
		}
	}
	return ports
}

func envList(m map[string]string) []string {
	var out []string
	for k, v := range m {
		out = append(out, k+"="+v)
	}
	return out
}

// readRun records CGO_ENABLED=0 and the packages of a go build.
func (f *Facts) readRun(c *instructions.RunCommand) {
	line := c.Location()[0].Start.Line
	text := strings.Join(c.CmdLine, " ")
	if !strings.Contains(text, "go build") {
		return
	}
	if regexp.MustCompile(`(^|\s)CGO_ENABLED=0(\s|$)`).MatchString(text) {
		f.CgoDisabled, f.CgoLine = true, line
	}
	_, after, _ := strings.Cut(text, "go build")
	if i := strings.IndexAny(after, "&;|"); i >= 0 {
		after = after[:i]
	}
	words := strings.Fields(after)
	for i := 0; i < len(words); i++ {
		w := words[i]
		if strings.HasPrefix(w, "-") {
			if !strings.Contains(w, "=") && takesValue(w) {
				i++ // skip the flag's value
			}
			continue
		}
		if strings.HasPrefix(w, ".") {
			f.Packages = append(f.Packages, Package{Path: w, Line: line})
		}
	}
}

// takesValue reports whether a go build flag given without = takes the next word.
func takesValue(flag string) bool {
	switch strings.TrimLeft(flag, "-") {
	case "o", "ldflags", "gcflags", "tags", "mod", "p", "asmflags", "buildmode", "compiler", "gccgoflags", "installsuffix", "modfile", "overlay", "pgo", "pkgdir", "toolexec", "buildvcs", "C":
		return true
	}
	return false
}
