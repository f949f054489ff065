package plan

import (
	"fmt"
	"go/version"
	"path"
	"slices"
	"strings"

	"github.com/dockgen/dockgen/internal/analyze"
	"github.com/dockgen/dockgen/internal/dockerfile"
)

// Disagreements says where a Dockerfile dockgen did not write disagrees
// with the project's facts: a builder Go older than the go line requires,
// a go build of a directory that holds no main package, cgo disabled for a
// binary that needs it. Each reason carries its line of the Dockerfile.
func Disagreements(df *dockerfile.Facts, p *analyze.Project) []Reason {
	var out []Reason
	if p.Go != "" && df.GoVersion != "" && dockerfile.GoOlder(df.GoVersion, p.Go) {
		out = append(out, Reason{Topic: "go", Line: df.GoLine, Text: fmt.Sprintf("the builder has Go %s, but %s requires go %s", df.GoVersion, goFile(p), p.Go)})
	}
	if newest, ok := NewestPatch(df.GoVersion); ok && patchOlder(df.GoVersion, newest) {
		out = append(out, Reason{Topic: "go", Line: df.GoLine, Text: fmt.Sprintf("the builder has Go %s, older than %s, the newest patch of Go %s dockgen knows (patch releases fix the standard library linked into the binary)", df.GoVersion, newest, version.Lang("go" + df.GoVersion)[2:])})
	}
	for _, pkg := range df.Packages {
		if _, ok := builtMains(p.Mains, pkg.Path); !ok {
			out = append(out, Reason{Topic: "mains", Line: pkg.Line, Text: fmt.Sprintf("go build %s: no main package there (main packages: %s)", pkg.Path, packageList(p.Mains))})
		}
	}
	for _, b := range df.Builds {
		if users := CgoPackages(mainsBuilt(df, b, p.Mains)); b.Cgo.Off && len(users) > 0 {
			r := Reason{Topic: "cgo", Line: b.Cgo.Line, Text: fmt.Sprintf("%s, but the code needs cgo (%s)", b.Cgo.Why, strings.Join(users, ", "))}
			if !slices.Contains(out, r) {
				out = append(out, r)
			}
		}
	}
	return out
}

// mainsBuilt returns the mains a go build of df builds: those its package
// arguments name; any of them when no build of df names its packages (what
// it builds is not known), none for a build that names none while another
// does (a helper tool's).
func mainsBuilt(df *dockerfile.Facts, b dockerfile.Build, mains []analyze.Main) []analyze.Main {
	if len(df.Packages) == 0 {
		return mains
	}
	var out []analyze.Main
	for _, pkg := range b.Packages {
		built, _ := builtMains(mains, pkg)
		out = append(out, built...)
	}
	return out
}

// builtMains returns the mains a go build package argument builds: the
// main in a directory, or those under a ./... pattern. ok is false for a
// directory that holds no main package (a pattern may match none).
func builtMains(mains []analyze.Main, arg string) (built []analyze.Main, ok bool) {
	dir := path.Clean(strings.TrimPrefix(arg, "./"))
	if prefix, isPattern := strings.CutSuffix(dir, "..."); isPattern {
		for _, m := range mains {
			if prefix == "" || strings.HasPrefix(m.Dir+"/", prefix) {
				built = append(built, m)
			}
		}
		return built, true
	}
	m, ok := FindMain(mains, dir)
	if !ok {
		return nil, false
	}
	return []analyze.Main{m}, true
}

// packageList names the mains as go build arguments: "./cmd/api .".
func packageList(mains []analyze.Main) string {
	var dirs []string
	for _, m := range mains {
		if m.Dir == "." {
			dirs = append(dirs, ".")
		} else {
			dirs = append(dirs, "./"+m.Dir)
		}
	}
	return strings.Join(dirs, " ")
}

// patchOlder reports whether have, a release with its patch (1.26.2), is
// older than newest; a floating tag (1.26) gets the newest patch and is not
// (dockerfile.GoOlder's rule).
func patchOlder(have, newest string) bool {
	return dockerfile.GoOlder(have, newest)
}
