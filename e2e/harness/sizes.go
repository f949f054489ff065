package harness

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
)

// The size targets of issue 4, in bytes (decimal kB and MB).
const (
	// ScratchOverheadMax bounds image − binary for scratch images.
	ScratchOverheadMax = 300_000
	// AddedMax bounds what dockgen adds beyond the base image and the binary.
	AddedMax = 1_000_000
)

// SizeRow is the size of one image.
type SizeRow struct {
	Example   string
	Binary    string
	Base      string // scratch, distroless, alpine
	BaseRef   string // the image the final stage starts from
	Image     int64  // the image, as docker image inspect reports it
	BaseImage int64  // the base image (0 for scratch)
	BinSize   int64  // the binary
}

// Overhead is the image size above the binary.
func (r SizeRow) Overhead() int64 { return r.Image - r.BinSize }

// Added is what dockgen adds beyond the base image and the binary.
func (r SizeRow) Added() int64 { return r.Image - r.BaseImage - r.BinSize }

// Problems lists the targets the row misses.
func (r SizeRow) Problems() []string {
	var p []string
	if r.Base == "scratch" && r.Overhead() >= ScratchOverheadMax {
		p = append(p, fmt.Sprintf("%s/%s on scratch: image − binary is %s, the target is under %s", r.Example, r.Binary, kB(r.Overhead()), kB(ScratchOverheadMax)))
	}
	if r.Added() >= AddedMax {
		p = append(p, fmt.Sprintf("%s/%s on %s: dockgen adds %s beyond the base image and the binary, the target is under %s", r.Example, r.Binary, r.Base, kB(r.Added()), kB(AddedMax)))
	}
	return p
}

// Measure returns the sizes of a target's image, and the binary copied out
// of it (for go version -m).
func (e *Env) Measure(ctx context.Context, p *Project, target string) (SizeRow, string, error) {
	row := SizeRow{Example: p.Example.Name, Binary: target, Base: p.Base, BaseRef: p.BaseImage(target)}
	ref := ImageTag(p.Example, target, p.Base)
	img, ok, err := e.Docker.InspectImage(ctx, ref)
	if err != nil || !ok {
		return row, "", fmt.Errorf("inspecting %s: %v", ref, err)
	}
	row.Image = img.Size
	if row.BaseRef != "scratch" {
		base, ok, err := e.Docker.InspectImage(ctx, row.BaseRef)
		if err != nil || !ok {
			return row, "", fmt.Errorf("inspecting %s: %v", row.BaseRef, err)
		}
		row.BaseImage = base.Size
	}
	if len(img.Config.Entrypoint) == 0 {
		return row, "", fmt.Errorf("%s has no ENTRYPOINT", ref)
	}
	dir, err := os.MkdirTemp(e.Work, "bin-")
	if err != nil {
		return row, "", err
	}
	bin := filepath.Join(dir, filepath.Base(img.Config.Entrypoint[0]))
	if err := e.Docker.CopyOut(ctx, ref, img.Config.Entrypoint[0], bin); err != nil {
		return row, "", err
	}
	fi, err := os.Stat(bin)
	if err != nil {
		return row, "", err
	}
	row.BinSize = fi.Size()
	return row, bin, nil
}

// SizeTable renders rows as a Markdown table.
func SizeTable(rows []SizeRow) string {
	var b strings.Builder
	b.WriteString("| example | binary | base | image | binary size | image − binary | base image | added by dockgen |\n")
	b.WriteString("|---|---|---|--:|--:|--:|--:|--:|\n")
	for _, r := range rows {
		base := "—"
		if r.BaseRef != "scratch" {
			base = mb(r.BaseImage)
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s | %s |\n",
			r.Example, r.Binary, r.Base, mb(r.Image), mb(r.BinSize), human(r.Overhead()), base, human(r.Added()))
	}
	return b.String()
}

func mb(n int64) string { return fmt.Sprintf("%.2f MB", float64(n)/1e6) }

func kB(n int64) string { return fmt.Sprintf("%.1f kB", float64(n)/1e3) }

// human writes sizes under 1 MB in kB, the unit of the scratch target.
func human(n int64) string {
	if n < 1_000_000 && n > -1_000_000 {
		return kB(n)
	}
	return mb(n)
}

// SortRows orders rows by example, binary, then base in the order of Bases.
func SortRows(rows []SizeRow) {
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if a.Example != b.Example {
			return a.Example < b.Example
		}
		if a.Binary != b.Binary {
			return a.Binary < b.Binary
		}
		return slices.Index(Bases, a.Base) < slices.Index(Bases, b.Base)
	})
}

// Stamp is what every image is built with: --build-arg VERSION=… and
// COMMIT=…; the values must reach the binaries.
var Stamp = struct{ Version, Commit string }{"e2e-1.2.3", "e2ec0ffee"}

// StampArgs are the build arguments for Stamp.
func StampArgs() []string {
	return []string{"VERSION=" + Stamp.Version, "COMMIT=" + Stamp.Commit}
}
