package plan

import (
	"fmt"
	"go/version"
	"strconv"
	"strings"
)

// Image is a container image reference.
type Image struct {
	// Name is the repository ("golang", "gcr.io/distroless/static-debian13").
	Name string
	// Tag is the tag, which may refer to build arguments ("${GO_VERSION}-trixie").
	Tag string
	// Digest pins the image ("sha256:…"); empty for a floating tag.
	Digest string
}

// Ref returns name:tag@digest, name:tag, or the bare name for scratch.
func (i Image) Ref() string {
	ref := i.Name
	if i.Tag != "" {
		ref += ":" + i.Tag
	}
	if i.Digest != "" {
		ref += "@" + i.Digest
	}
	return ref
}

// debian is one Debian release the golang images come in, with the
// distroless images that match it.
type debian struct {
	codename   string // golang image variant
	distroless string // distroless image suffix
}

// The Debian releases of the golang images. Buster has no distroless of its
// own in dockgen's catalogue: a binary linked against buster's glibc 2.28
// runs on debian11's 2.31, so buster builds pair with debian11.
var (
	trixie   = debian{codename: "trixie", distroless: "debian13"}
	bookworm = debian{codename: "bookworm", distroless: "debian12"}
	bullseye = debian{codename: "bullseye", distroless: "debian11"}
	buster   = debian{codename: "buster", distroless: "debian11"}
)

// variant is a Debian variant of the golang images of one Go release, with
// the patch releases it was published for.
type variant struct {
	debian
	first, last int // patch numbers; last -1 means through the newest patch
}

// goRelease is one Go release (1.N) and the golang images published for it.
type goRelease struct {
	minor    string    // "1.26"
	newest   int       // the newest patch dockgen knows: 1.26.11
	variants []variant // newest Debian first
}

// goReleases is the one table of Go releases and golang image tags that
// dockgen writes, newest release first. A FROM line dockgen writes names
// golang:1.N.P-VARIANT only for a patch P the table lists under that
// variant.
//
// Where the entries come from:
//   - newest: the Go module proxy's golang.org/toolchain versions
//     (go list -m -versions golang.org/toolchain, read 2026-11-02), which
//     list every Go release;
//   - variants: the history of github.com/docker-library/golang (the
//     Dockerfile directories per release and variant, first and last
//     GOLANG_VERSION of each), which generates library/golang in
//     docker-library/official-images.
//   - ASSUMED, not read: the variants of 1.26 and 1.27 were read through
//     1.26.7 and 1.27.0 (2026-08-19). The table assumes that every later
//     patch up to newest (1.26.8-1.26.11, 1.27.1-1.27.4) exists as
//     golang:1.N.P-trixie and golang:1.N.P-bookworm, because docker-library
//     publishes every patch of the two supported releases in each Debian
//     variant the release has. dockgen writes the first variant that has
//     the patch (variantFor), so for these patches it writes trixie only:
//     the bookworm rows decide nothing unless trixie's row is changed.
//     If one of the assumed tags does not exist, the generated FROM names a
//     missing image; correct newest or the variant rows here.
//   - 1.23 also had a trixie directory for 1.23.12, added the day 1.23 left
//     support; it is left out as unproven.
//
// Go before 1.16 is not listed: go build -o DIR/ creates DIR only since
// Go 1.16 (golang/go#41313), so older go lines build with 1.16, which the
// go line (a minimum) allows. Go 1.16's go build no longer completes
// go.sum, which an older go command did: goSum warns when go.sum lacks a
// requirement.
var goReleases = []goRelease{
	{"1.27", 4, []variant{{trixie, 0, -1}, {bookworm, 0, -1}}},
	{"1.26", 11, []variant{{trixie, 0, -1}, {bookworm, 0, -1}}},
	{"1.25", 14, []variant{{trixie, 0, -1}, {bookworm, 0, -1}}},
	{"1.24", 13, []variant{{trixie, 6, -1}, {bookworm, 0, -1}, {bullseye, 0, 6}}},
	{"1.23", 12, []variant{{bookworm, 0, -1}, {bullseye, 0, -1}}},
	{"1.22", 12, []variant{{bookworm, 0, -1}, {bullseye, 0, -1}}},
	{"1.21", 13, []variant{{bookworm, 0, -1}, {bullseye, 0, -1}}},
	{"1.20", 14, []variant{{bookworm, 5, -1}, {bullseye, 0, -1}, {buster, 0, 5}}},
	{"1.19", 13, []variant{{bookworm, 10, -1}, {bullseye, 0, -1}, {buster, 0, 10}}},
	{"1.18", 10, []variant{{bullseye, 0, -1}, {buster, 0, -1}}},
	{"1.17", 13, []variant{{bullseye, 0, -1}, {buster, 0, -1}}},
	{"1.16", 15, []variant{{bullseye, 7, -1}, {buster, 0, -1}}},
}

// Go features that decide build flags, by the release that added them.
const (
	goBuildVCS = "1.18" // go build -buildvcs
)

// goVersion is a parsed Go version: 1.26.3, or 1.26 (patch -1).
type goVersion struct {
	minor string
	patch int
}

func (v goVersion) String() string {
	if v.patch < 0 {
		return v.minor
	}
	return v.minor + "." + strconv.Itoa(v.patch)
}

// parseGoVersion parses 1.N or 1.N.P; release candidates ("1.21rc1") count
// as patch -1 of their release.
func parseGoVersion(s string) (goVersion, bool) {
	if !version.IsValid("go" + s) {
		return goVersion{}, false
	}
	minor := strings.TrimPrefix(version.Lang("go"+s), "go")
	rest := strings.TrimPrefix(s, minor)
	if rest == "" || !strings.HasPrefix(rest, ".") {
		return goVersion{minor: minor, patch: -1}, true
	}
	n, err := strconv.Atoi(rest[1:])
	if err != nil {
		return goVersion{}, false
	}
	return goVersion{minor: minor, patch: n}, true
}

// release returns the table entry of a release.
func release(minor string) (goRelease, bool) {
	for _, r := range goReleases {
		if r.minor == minor {
			return r, true
		}
	}
	return goRelease{}, false
}

// variantFor returns the newest Debian variant published for a patch of r.
func (r goRelease) variantFor(patch int) (debian, bool) {
	for _, v := range r.variants {
		if patch >= v.first && (v.last < 0 || patch <= v.last) {
			return v.debian, true
		}
	}
	return debian{}, false
}

// NewestPatch returns the newest patch release dockgen knows of the Go
// release of v ("1.26.0" → "1.26.11"), and false for a release it does not
// know.
func NewestPatch(v string) (string, bool) {
	gv, ok := parseGoVersion(v)
	if !ok {
		return "", false
	}
	r, ok := release(gv.minor)
	if !ok {
		return "", false
	}
	return goVersion{minor: r.minor, patch: r.newest}.String(), true
}

// ParseGoVersion checks a --go-version value: a Go release with its patch
// (1.26.3).
func ParseGoVersion(s string) error {
	v, ok := parseGoVersion(s)
	if !ok || v.patch < 0 || !strings.HasPrefix(s, "1.") {
		return fmt.Errorf("invalid Go version %q (want a release such as %s)", s, goVersion{goReleases[0].minor, goReleases[0].newest})
	}
	return nil
}

// The catalogue: every image dockgen writes into a FROM line.
const (
	golangRepo        = "golang"
	distrolessRepo    = "gcr.io/distroless/"
	distrolessNonroot = "nonroot"
	alpineRepo        = "alpine"
	alpineTag         = "3.22"
	scratchName       = "scratch"
	// NonrootUID is the numeric user and group every final stage runs as;
	// distroless images name it nonroot.
	NonrootUID = 65532
	// BuilderCABundle is where Debian (the golang images) keeps the CA bundle.
	BuilderCABundle = "/etc/ssl/certs/ca-certificates.crt"
)

// builderImage is the golang image for the build stage; its tag refers to
// the GO_VERSION build argument.
func builderImage(d debian) Image {
	return Image{Name: golangRepo, Tag: "${GO_VERSION}-" + d.codename}
}

// distroless returns the distroless image of a flavour ("static", "base",
// "cc") that matches the Debian release of the builder.
func distroless(flavour string, d debian) Image {
	return Image{Name: distrolessRepo + flavour + "-" + d.distroless, Tag: distrolessNonroot}
}

func alpineImage() Image  { return Image{Name: alpineRepo, Tag: alpineTag} }
func scratchImage() Image { return Image{Name: scratchName} }
