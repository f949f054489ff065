// Package dockerfile reads an existing Dockerfile, generated or
// hand-written, with BuildKit's own parser into one model (File: stages,
// go steps and the environment they run in) that lint reads, and the facts
// dockgen check compares with the project (Facts, a view of the model: the
// Go version of its builder, its final stages, its go builds with what
// they build and whether cgo is off in each, and what it exposes).
package dockerfile

import (
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
)

// Facts are what a Dockerfile says about the build.
type Facts struct {
	// GoVersion is the Go version of the first golang builder image
	// ("1.25.0", "1.22"), "" when unknown (no golang image, or latest).
	GoVersion string
	// GoLine is the line of the FROM (or ARG default) that sets it.
	GoLine int
	// Stages are the stages in order.
	Stages []*Stage
	// Builds are the go build steps, in order.
	Builds []Build
	// Packages are the packages go build is given, with their lines.
	Packages []Package
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

// Finals returns the final stages, in order.
func (f *Facts) Finals() []*Stage {
	var out []*Stage
	for _, s := range f.Stages {
		if s.Final {
			out = append(out, s)
		}
	}
	return out
}

// Build is one go build step.
type Build struct {
	// Line is the line of the RUN.
	Line int
	// Packages are its package arguments ("./cmd/api"); none when it names
	// none or only packages outside the module (a helper tool).
	Packages []string
	// Cgo says whether it runs with cgo off (GoStep.Cgo).
	Cgo Cgo
}

// Package is one package argument of a go build.
type Package struct {
	Path string
	Line int
}

// Read parses a Dockerfile and returns its facts; errors name the file
// and line.
func Read(name string, data []byte) (*Facts, error) {
	f, err := Parse(name, data)
	if err != nil {
		return nil, err
	}
	return f.Facts(), nil
}

// Facts returns what the model says about the build.
func (m *File) Facts() *Facts {
	f := &Facts{Stages: m.Stages}
	for _, s := range m.Stages {
		f.addPin(s.Image, s.Line)
		for _, cmd := range s.Parsed.Commands {
			if c, ok := cmd.(*instructions.CopyCommand); ok {
				f.addPin(c.From, c.Location()[0].Start.Line)
			}
		}
		if v, ok := GoImageVersion(s.Image); ok && f.GoVersion == "" {
			f.GoVersion, f.GoLine = v, s.Line
			if arg := m.VersionArg(s); arg != nil {
				f.GoLine = arg.Location()[0].Start.Line
			}
		}
		for _, g := range s.Steps {
			f.readStep(g)
		}
	}
	return f
}

// readStep records a go build: the packages it builds, and whether it
// runs with cgo off.
func (f *Facts) readStep(g *GoStep) {
	if !g.Build {
		return
	}
	f.Builds = append(f.Builds, Build{Line: g.Line(), Packages: g.Packages, Cgo: g.Cgo()})
	for _, p := range g.Packages {
		f.Packages = append(f.Packages, Package{Path: p, Line: g.Line()})
	}
}
