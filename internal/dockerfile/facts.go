// Package dockerfile reads the facts of an existing Dockerfile, generated
// or hand-written, with BuildKit's own parser: the Go version of its
// builder, its stages, whether it disables cgo, what go build builds, and
// what it exposes. dockgen check compares them with the project.
package dockerfile

import (
	"bytes"
	"fmt"
	"maps"
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
	if _, _, dg := SplitImage(image); dg != "" {
		ref, _, _ := strings.Cut(image, "@")
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
		if v, ok := GoImageVersion(image); ok && f.GoVersion == "" {
			f.GoVersion, f.GoLine = v, line
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
	var images []string
	for _, st := range f.Stages {
		images = append(images, st.Image)
	}
	for i, final := range FinalStages(stages, images) {
		f.Stages[i].Final = final
	}
	return f, nil
}

// FinalStages reports for each stage whether it is an image of its own:
// the last stage, or one that no later stage builds on (FROM), copies from
// (COPY --from) or mounts (RUN --mount=from=), by name or index, and that
// runs something (ENTRYPOINT or CMD). images are the stages' base images
// with the global build arguments expanded.
func FinalStages(stages []instructions.Stage, images []string) []bool {
	referenced := make([]bool, len(stages))
	ref := func(i int, from string) {
		if n, err := strconv.Atoi(from); err == nil && n >= 0 && n < i {
			referenced[n] = true
			return
		}
		for j := range i {
			if stages[j].Name != "" && strings.EqualFold(stages[j].Name, from) {
				referenced[j] = true
			}
		}
	}
	runs := make([]bool, len(stages))
	for i, s := range stages {
		ref(i, images[i])
		for _, cmd := range s.Commands {
			switch c := cmd.(type) {
			case *instructions.CopyCommand:
				if c.From != "" {
					ref(i, c.From)
				}
			case *instructions.RunCommand:
				for _, m := range instructions.GetMounts(c) {
					if m.From != "" {
						ref(i, m.From)
					}
				}
			case *instructions.EntrypointCommand, *instructions.CmdCommand:
				runs[i] = true
			}
		}
	}
	final := make([]bool, len(stages))
	for i := range stages {
		final[i] = i == len(stages)-1 || !referenced[i] && runs[i]
	}
	return final
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
	if v, ok := Assignment(text, "CGO_ENABLED"); ok && v == "0" {
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
