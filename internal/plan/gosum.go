package plan

import (
	"fmt"
	"go/version"
)

// goBuildReadonly is the release from which go build no longer writes
// go.sum: a missing checksum stops the build (-mod=readonly by default).
const goBuildReadonly = "1.16"

// goSum warns, at the require line, when go.sum lacks a checksum of a
// requirement: every Go release dockgen builds with (1.16 on) stops the
// image's go build with "missing go.sum entry". A go line before 1.16 says
// why it may have gone unnoticed: its go command wrote go.sum during builds.
func (d *decider) goSum() {
	p := d.p
	if len(p.Unsummed) == 0 {
		return
	}
	first := p.Unsummed[0]
	what := fmt.Sprintf("go.sum has no checksum for %s %s", first.Path, first.Version)
	if !p.HasGoSum {
		what = fmt.Sprintf("there is no go.sum for the requirement %s %s", first.Path, first.Version)
	}
	if n := len(p.Unsummed) - 1; n == 1 {
		what += " (nor for 1 other requirement)"
	} else if n > 1 {
		what += fmt.Sprintf(" (nor for %d other requirements)", n)
	}
	why := "go build never writes go.sum from Go " + goBuildReadonly + " on, so the image's build stops with \"missing go.sum entry\""
	if p.Go != "" && version.Compare("go"+p.Go, "go"+goBuildReadonly) < 0 {
		why += fmt.Sprintf("; the go line says go %s, whose go command wrote go.sum during builds, but the build stage uses Go %s", p.Go, d.plan.GoVersion)
	}
	d.warn("%s: %s: %s\nhint: run go mod tidy and commit go.sum", first.Pos, what, why)
}
