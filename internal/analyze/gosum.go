package analyze

import (
	"fmt"
	"io/fs"
	"path"
	"strings"
)

// Unsummed is a requirement of a go.mod that no go.sum holds the checksum
// of (its "PATH VERSION/go.mod h1:…" line). The go command needs that line
// for every module go.mod lists, and a build does not write it: since Go
// 1.16 go build runs with -mod=readonly and stops with "missing go.sum
// entry".
type Unsummed struct {
	Path    string `json:"path"`
	Version string `json:"version"`
	// Pos is "go.mod:LINE" of the require line.
	Pos string `json:"pos"`
}

// unsummed lists the requirements of the built modules whose go.mod
// checksum is in none of the go.sum files the go command reads (the
// module's, and in a workspace every module's and go.work.sum). Vendor
// mode reads no go.sum, and a replaced module's checksum is the
// replacement's: both are left out, as are requirements on a module of the
// workspace.
func (a *analyzer) unsummed(p *Project) ([]Unsummed, error) {
	if p.Vendor {
		return nil, nil
	}
	sums := map[string]bool{}
	for _, f := range p.ModFiles {
		if base := path.Base(f); base != "go.sum" && base != "go.work.sum" {
			continue
		}
		data, err := fs.ReadFile(a.fsys, f)
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", a.display(f), err)
		}
		for _, line := range strings.Split(string(data), "\n") {
			if fields := strings.Fields(line); len(fields) == 3 {
				sums[fields[0]+" "+fields[1]] = true
			}
		}
	}
	local := map[string]bool{}
	for _, m := range p.Modules {
		local[m.Path] = true
	}
	var out []Unsummed
	for _, m := range p.Modules {
		f, err := a.parseModFile(m.Dir)
		if err != nil {
			return nil, err
		}
		for _, r := range f.Require {
			if _, replaced := a.replaces[r.Mod.Path]; replaced || local[r.Mod.Path] || sums[r.Mod.Path+" "+r.Mod.Version+"/go.mod"] {
				continue
			}
			out = append(out, Unsummed{Path: r.Mod.Path, Version: r.Mod.Version,
				Pos: fmt.Sprintf("%s:%d", a.display(path.Join(m.Dir, "go.mod")), r.Syntax.Start.Line)})
		}
	}
	return out, nil
}
