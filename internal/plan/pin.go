package plan

import (
	"fmt"
	"slices"
	"strings"
)

// Lookup returns the digest of an image reference (build arguments
// expanded: golang:1.26.11-trixie), or "" to leave the image on its tag.
type Lookup func(ref string) (digest string, err error)

// PinRefs returns the reference of every image the plan pulls, build
// arguments expanded, in Dockerfile order and each once: what Pin looks
// up.
func (pl *Plan) PinRefs() []string {
	var refs []string
	for _, img := range pl.images() {
		ref := pl.expand(*img)
		if !slices.Contains(refs, ref) {
			refs = append(refs, ref)
		}
	}
	return refs
}

// Pin names every image by digest when the choices ask for it: the
// digests come from lookup (the registry, or the pins the Dockerfile
// already has), so the same Dockerfile pulls the same bytes until the pins
// are refreshed.
func (pl *Plan) Pin(lookup Lookup) error {
	if !pl.Choices.Pin {
		return nil
	}
	var unpinned []string
	for _, img := range pl.images() {
		ref := pl.expand(*img)
		dg, err := lookup(ref)
		if err != nil {
			return err
		}
		if dg == "" {
			unpinned = append(unpinned, ref)
			continue
		}
		if !strings.HasPrefix(dg, "sha256:") {
			return fmt.Errorf("%s: %q is not a sha256 digest", ref, dg)
		}
		img.Digest = dg
	}
	pl.Reasons = append(pl.Reasons, Reason{Topic: "pin", Text: "every image is named by tag and digest (pin=digest): a build a week later pulls the same bytes; dockgen check --online says when a newer image replaced one, dockgen generate --refresh moves the pins"})
	if len(unpinned) > 0 {
		pl.Warnings = append(pl.Warnings, fmt.Sprintf("not pinned yet: %s (run dockgen generate to resolve)", strings.Join(unpinned, ", ")))
	}
	return nil
}

// images returns the images the plan pulls, scratch excluded.
func (pl *Plan) images() []*Image {
	out := []*Image{&pl.Builder}
	for i := range pl.Rootfs {
		if s := pl.Rootfs[i].Seed; s != nil {
			out = append(out, &s.Image)
		}
	}
	for i := range pl.Finals {
		if pl.Finals[i].Image.Name != scratchName {
			out = append(out, &pl.Finals[i].Image)
		}
	}
	return out
}

// expand returns the reference of img with GO_VERSION expanded, without a
// digest.
func (pl *Plan) expand(img Image) string {
	img.Digest = ""
	return strings.ReplaceAll(img.Ref(), "${GO_VERSION}", pl.GoVersion)
}
