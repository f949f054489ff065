package plan

import "go/version"

// Image is a container image reference.
type Image struct {
	// Name is the repository ("golang", "gcr.io/distroless/static-debian13").
	Name string
	// Tag is the tag, which may refer to build arguments ("${GO_VERSION}-trixie").
	Tag string
}

// Ref returns name:tag, or the bare name for scratch.
func (i Image) Ref() string {
	if i.Tag == "" {
		return i.Name
	}
	return i.Name + ":" + i.Tag
}

// debian is one Debian release dockgen builds on, with the images that match
// it: the golang image variant and the distroless suffix.
type debian struct {
	codename   string // golang image variant
	distroless string // distroless image suffix
	minGo      string // the first Go release whose golang images ship this variant
}

// debianReleases are tried newest first: the first whose minGo the project's
// Go version reaches wins.
var debianReleases = []debian{
	{codename: "trixie", distroless: "debian13", minGo: "1.25"},
	{codename: "bookworm", distroless: "debian12", minGo: "1.20"},
	{codename: "bullseye", distroless: "debian11", minGo: "1.16"},
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

// debianFor picks the Debian release for a Go version.
func debianFor(goVersion string) debian {
	for _, d := range debianReleases {
		if version.Compare("go"+goVersion, "go"+d.minGo) >= 0 {
			return d
		}
	}
	return debianReleases[len(debianReleases)-1]
}

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

// Images returns every image reference a plan for goVersion can use, for
// tools that must provide them (offline test images, mirrors).
func Images(goVersion string) []string {
	d := debianFor(goVersion)
	return []string{
		golangRepo + ":" + goVersion + "-" + d.codename,
		distroless("static", d).Ref(),
		distroless("base", d).Ref(),
		distroless("cc", d).Ref(),
		alpineImage().Ref(),
	}
}
