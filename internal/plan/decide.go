package plan

import (
	"errors"
	"fmt"
	"go/version"
	"maps"
	"path"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/mod/module"

	"github.com/dockgen/dockgen/internal/analyze"
)

// DefaultGoVersion is used when go.mod has neither a go nor a toolchain line.
const DefaultGoVersion = "1.26"

// outDir is where the build stage writes the binaries.
const outDir = "/out"

// buildStage is the name of the build stage; final stages never take it.
const buildStage = "build"

// ErrChoice is wrapped by errors about a choice that cannot be honoured
// (an unknown --main, a primary that is not selected).
var ErrChoice = errors.New("invalid choice")

// Decide makes every judgement about the image from the project's facts and
// the person's choices.
func Decide(p *analyze.Project, c Choices) (*Plan, error) {
	d := &decider{p: p, plan: &Plan{}}
	if err := d.decide(c); err != nil {
		return nil, err
	}
	return d.plan, nil
}

type decider struct {
	p     *analyze.Project
	plan  *Plan
	built map[string]string // main dir → binary path in the build stage
}

func (d *decider) reason(topic, format string, args ...any) {
	d.plan.Reasons = append(d.plan.Reasons, Reason{Topic: topic, Text: fmt.Sprintf(format, args...)})
}

func (d *decider) warn(format string, args ...any) {
	d.plan.Warnings = append(d.plan.Warnings, fmt.Sprintf(format, args...))
}

func (d *decider) decide(c Choices) error {
	p, plan := d.p, d.plan
	for _, r := range p.Replaces {
		if r.Outside {
			return fmt.Errorf("%s: replace %s => %s points outside the build context; run dockgen in a directory that holds both modules (a go.work there can use them)", r.Pos, r.Old, r.Dir)
		}
	}
	if c.Base == "" {
		c.Base = Distroless
	}
	if c.Cgo == "" {
		c.Cgo = CgoAuto
	}
	if c.Context == "" {
		c.Context = ContextAllow
	}
	sel, err := Select(p, c)
	if err != nil {
		return err
	}
	if err := checkPortNames(p, c.Ports); err != nil {
		return err
	}
	for _, s := range c.saved.droppedPorts() {
		d.reason("ports", "%s", s)
		d.warn("%s", s)
	}
	for _, m := range sel.Left {
		d.reason("mains", "left out %s (%s); pass --main %s to build it", m.Dir, whyNotService(m), m.Dir)
	}
	primary := sel.Primary
	if sel.Why != "" {
		d.reason("primary", "%s is the primary binary (the last stage, built by default): %s; pass --primary to change it", primary.Binary, sel.Why)
	}
	// The primary goes last: it is the image docker build makes by default.
	ordered := append(sel.Others(), primary)
	c.Primary = primary.Binary
	c.Ports = c.saved.primaryPorts(c.Ports, primary.Binary)
	plan.Choices = c

	deb, err := d.goVersion(c.GoVersion)
	if err != nil {
		return err
	}
	d.reason("builder", "golang:%s-%s: Debian %s images match distroless %s and carry gcc, git and the CA bundle", plan.GoVersion, deb.codename, deb.codename, deb.distroless)
	cgo := d.cgo(ordered, c.Cgo)
	plan.Cgo = cgo
	plan.Builder = builderImage(deb)
	plan.CrossCompile = !cgo
	if cgo {
		plan.PlatformNote = "runs on the target platform: cgo needs its C compiler and C library"
		plan.EmulationNote = "A build for another platform (docker buildx build --platform linux/arm64) runs the build stage under QEMU emulation, slower but with the same toolchain; register QEMU once with:"
		plan.EmulationSetup = "docker run --privileged --rm tonistiigi/binfmt --install all"
		d.reason("platform", "the build stage runs on the target platform (emulated when it differs): cgo needs a C compiler and C library for the target, and the golang image has them only for its own platform")
	} else {
		d.reason("platform", "the build stage runs on $BUILDPLATFORM and Go cross-compiles for $TARGETOS/$TARGETARCH: no emulation, fast multi-platform builds")
	}
	d.download()

	needs := make([]analyze.Needs, len(ordered))
	for i, m := range ordered {
		needs[i] = d.needs(m, c.Include)
	}
	d.build(ordered, needs, c.Base, cgo)
	for i, m := range ordered {
		d.final(m, needs[i], c.Base, cgo, deb, portOf(c, m, primary))
	}
	d.stageNames()
	d.ignore(ordered, c.Context)
	return nil
}

// toolchainVersion is the Go version of a toolchain line ("go1.26.1+auto"
// → "1.26.1").
func toolchainVersion(toolchain string) string {
	v := strings.TrimPrefix(toolchain, "go")
	if i := strings.IndexAny(v, "+-"); i >= 0 {
		v = v[:i]
	}
	return v
}

// goLineNewer reports whether the go line asks for a newer Go than the
// toolchain line: the go command then needs the go line's release, and a
// golang image does not download a newer toolchain.
func goLineNewer(p *analyze.Project) bool {
	return p.Go != "" && version.Compare("go"+p.Go, "go"+toolchainVersion(p.Toolchain)) > 0
}

// goVersion decides the Go release of the build stage and the Debian
// release of the images: the newest patch dockgen knows of the release
// go.mod needs (patch releases fix the standard library that is linked into
// the binary), never older than the toolchain or go line, or the release
// --go-version pins.
func (d *decider) goVersion(pinned string) (debian, error) {
	p := d.p
	file := goFile(p)
	need, line, pos := DefaultGoVersion, "", p.GoPos
	switch {
	case p.Toolchain != "" && strings.HasPrefix(p.Toolchain, "go") && !goLineNewer(p):
		need = toolchainVersion(p.Toolchain)
		line, pos = "toolchain line", p.ToolchainPos
	case p.Go != "":
		need, line = p.Go, "go line"
	default:
		d.warn("%s has no go line; building with Go %s (add one with go mod edit -go=%s)", file, DefaultGoVersion, DefaultGoVersion)
	}
	if pos == "" {
		pos = file
	}
	v, ok := parseGoVersion(need)
	if !ok {
		return debian{}, fmt.Errorf("%s: %q is not a Go version dockgen can map to a golang image", pos, need)
	}
	// asks names the release only, not the patch: a go line moving from
	// 1.26.0 to 1.26.2 changes nothing in the Dockerfile.
	from := fmt.Sprintf("the %s of %s", line, file)
	if line == "" {
		from = fmt.Sprintf("dockgen's default (%s has no go line)", file)
	}
	asks := fmt.Sprintf("%s needs Go %s", from, v.minor)
	if pinned != "" {
		return d.pinnedGo(pinned, v, from, asks)
	}
	oldest, newest := goReleases[len(goReleases)-1], goReleases[0]
	r, known := release(v.minor)
	switch {
	case known:
	case version.Compare("go"+v.minor, "go"+newest.minor) > 0:
		return debian{}, fmt.Errorf("%s: go %s is newer than any Go release dockgen knows (the newest is %s)\nhint: correct the %s, or pass --go-version with a release whose golang image exists", pos, need, goVersion{newest.minor, newest.newest}, line)
	default:
		r = oldest
		d.reason("go", "go %s is older than Go %s, the oldest release dockgen builds with (go build -o DIR/ creates DIR from 1.16 on); the go line is a minimum, so Go %s builds it", need, oldest.minor, oldest.minor)
	}
	use := goVersion{minor: r.minor, patch: r.newest}
	d.plan.GoVersion = use.String()
	d.plan.GoVersionSource = fmt.Sprintf("the newest patch of Go %s dockgen knows (%s)", r.minor, asks)
	if r.minor != v.minor {
		d.plan.GoVersionSource = fmt.Sprintf("the newest patch of Go %s, the oldest release dockgen builds with (%s)", r.minor, asks)
	}
	if known && v.patch > r.newest {
		// go.mod asks for a patch newer than the table: trust go.mod.
		d.plan.GoVersion = v.String()
		d.plan.GoVersionSource = fmt.Sprintf("the %s of %s", line, file)
		d.warn("%s: Go %s is newer than the newest patch of Go %s dockgen knows (%s); the Dockerfile names golang:%s, make sure that image exists", pos, v, r.minor, use, v)
		deb, _ := r.variantFor(r.newest)
		return deb, nil
	}
	d.reason("go", "Go %s: the newest patch of Go %s dockgen knows, because %s; patch releases fix the standard library linked into the binary (--go-version pins another)", use, r.minor, asks)
	deb, _ := r.variantFor(use.patch)
	return deb, nil
}

// pinnedGo honours --go-version: never older than go.mod asks for; a
// release the table does not list is used with a warning.
func (d *decider) pinnedGo(pinned string, need goVersion, from, asks string) (debian, error) {
	if err := ParseGoVersion(pinned); err != nil {
		return debian{}, fmt.Errorf("%w: --go-version: %v", ErrChoice, err)
	}
	v, _ := parseGoVersion(pinned)
	if version.Compare("go"+pinned, "go"+need.String()) < 0 {
		return debian{}, fmt.Errorf("%w: --go-version %s is older than Go %s, %s", ErrChoice, pinned, need, from)
	}
	d.plan.GoVersion = pinned
	d.plan.GoVersionSource = fmt.Sprintf("pinned with --go-version (%s)", asks)
	r, known := release(v.minor)
	deb, listed := r.variantFor(v.patch)
	if !known || !listed || v.patch > r.newest {
		if known {
			deb, _ = r.variantFor(r.newest)
		} else {
			deb = goReleases[0].variants[0].debian
		}
		d.warn("--go-version %s is not in dockgen's table of golang images; the Dockerfile names golang:%s-%s, make sure that image exists", pinned, pinned, deb.codename)
	}
	d.reason("go", "Go %s pinned with --go-version (%s)", pinned, asks)
	if newest, ok := NewestPatch(pinned); ok && version.Compare("go"+newest, "go"+pinned) > 0 {
		d.reason("go", "Go %s is newer: a pinned older patch misses its fixes", newest)
	}
	return deb, nil
}

// cgo decides whether the build uses cgo.
func (d *decider) cgo(mains []analyze.Main, mode CgoMode) bool {
	var users []string
	for _, m := range mains {
		if m.Cgo {
			users = append(users, fmt.Sprintf("%s (%s)", m.Binary, strings.Join(m.CgoPackages, ", ")))
		}
	}
	switch mode {
	case CgoOn:
		d.reason("cgo", "cgo forced on (--cgo on)")
		return true
	case CgoOff:
		if len(users) > 0 {
			d.reason("cgo", "cgo forced off (--cgo off) although cgo is used by %s: the packages must have pure-Go fallbacks", strings.Join(users, "; "))
			d.warn("cgo forced off, but %s use cgo; the build fails or loses features unless they have pure-Go fallbacks", strings.Join(users, "; "))
		} else {
			d.reason("cgo", "cgo off (--cgo off): static binaries that need no C library")
		}
		return false
	}
	var optional, assumed, unchecked []string
	for _, m := range mains {
		switch {
		case m.CgoOptional:
			optional = append(optional, fmt.Sprintf("%s (%s)", m.Binary, strings.Join(m.CgoPackages, ", ")))
		case m.CgoAssumed:
			assumed = append(assumed, m.Binary)
		case m.CgoUnchecked:
			unchecked = append(unchecked, m.Binary)
		}
	}
	if len(optional) > 0 {
		d.reason("cgo", "cgo optional: pure-Go fallback used by %s: with cgo off the closure builds without a C compiler", strings.Join(optional, "; "))
	}
	if len(assumed) > 0 {
		note := fmt.Sprintf("cgo assumed for %s: dependency sources were not on disk, and go.mod or go.sum names a module known to use cgo; run go mod download (or dockgen generate --download) to check", strings.Join(assumed, ", "))
		d.warn("%s", note)
		d.plan.Build.Notes = append(d.plan.Build.Notes, note)
	}
	if len(users) > 0 {
		d.reason("cgo", "cgo on: used by %s; the build links against the C library and the image carries it", strings.Join(users, "; "))
		d.cgoExtras(mains)
		return true
	}
	if len(unchecked) > 0 {
		note := fmt.Sprintf("CGO_ENABLED=0 although dependency sources of %s were not on disk: cgo inside them was not checked; run go mod download (or dockgen generate --download) and regenerate", strings.Join(unchecked, ", "))
		d.warn("%s", note)
		d.plan.Build.Notes = append(d.plan.Build.Notes, note)
		return false
	}
	d.reason("cgo", "CGO_ENABLED=0: no package in the import closure uses cgo, so the binaries are static and need no C library")
	return false
}

// cgoExtras warns about C libraries beyond the C library itself: the
// builder needs their development files and the image their shared
// objects, which no base image has.
func (d *decider) cgoExtras(mains []analyze.Main) {
	var libs []string
	for _, m := range mains {
		for _, l := range m.CgoLibs {
			if !slices.Contains(libs, l) {
				libs = append(libs, l)
			}
		}
	}
	if len(libs) > 0 {
		d.warn("cgo links %s: the build stage needs their development packages (RUN apt-get install -y lib…-dev before go build) and the image their shared libraries, which dockgen cannot add for you; add them by hand (your edits survive regeneration), or build with --cgo off if the code has pure-Go fallbacks", strings.Join(libs, ", "))
	}
}

// download decides the module download step.
func (d *decider) download() {
	p := d.p
	switch {
	case p.Vendor:
		d.reason("modules", "vendor/modules.txt present: building with -mod=vendor, no module download")
		return
	case len(p.Requires) == 0:
		d.reason("modules", "no requirements in go.mod: nothing to download")
		return
	}
	d.goSum()
	dl := &Download{}
	var names []string
	for _, f := range p.ModFiles {
		dl.Mounts = append(dl.Mounts, Mount{Path: f, Writable: isChecksumFile(f)})
		names = append(names, f)
	}
	if private := d.privateModules(); len(private) > 0 {
		d.plan.Private = strings.Join(private, ",")
		dl.Netrc = true
		d.reason("modules", "private modules (%s): GOPRIVATE set and a netrc secret mounted for the download only, never stored in a layer; build with --secret id=netrc,src=$HOME/.netrc", d.plan.Private)
	}
	d.plan.Download = dl
	d.reason("modules", "modules are downloaded in their own step with only %s bound, so a code change reuses that layer and the module cache mount", strings.Join(names, ", "))
	if p.Workspace || slices.ContainsFunc(dl.Mounts, func(m Mount) bool { return m.Writable }) {
		d.reason("modules", "go.sum and go.work.sum are bound read-write (the writes are thrown away with the step): the download adds missing checksums instead of failing (go build still needs them: a missing one is warned about)")
	}
}

// generate decides the go generate steps: every command whose output is
// missing runs before go build when it needs nothing beyond the module and
// its requirements; otherwise the person is told which command to run.
func (d *decider) generate(mains []analyze.Main) {
	b := &d.plan.Build
	seen := map[string]bool{}
	for _, m := range mains {
		for _, g := range m.Generate {
			key := g.Dir + "\x00" + g.Command
			if seen[key] {
				continue
			}
			seen[key] = true
			if !g.Runnable {
				d.warn("%s: %s uses %s, which no file defines: run `%s` in %s and commit its output (dockgen cannot run it in the build: it needs more than the module)", g.Pos, g.Dir, strings.Join(g.Undefined, ", "), g.Command, g.Dir)
				b.Notes = append(b.Notes, fmt.Sprintf("%s does not compile until `%s` runs in %s (%s): commit its output", g.Dir, g.Command, g.Dir, g.Pos))
				continue
			}
			pkg := "./" + g.Dir
			if g.Dir == "." {
				pkg = "."
			}
			cmd := "go generate " + pkg
			if !slices.Contains(b.Generate, cmd) {
				b.Generate = append(b.Generate, cmd)
				b.GenerateDirs = append(b.GenerateDirs, g.Dir)
			}
			b.WritableSource = true
			d.reason("generate", "%s uses %s, which no file defines, next to `//go:generate %s` (%s): go generate runs before go build, in the same step, on a read-write bind whose writes are thrown away", g.Dir, strings.Join(g.Undefined, ", "), g.Command, g.Pos)
		}
	}
}

// isChecksumFile reports whether a module file is a checksum database the
// go command updates as it downloads.
func isChecksumFile(name string) bool {
	base := path.Base(name)
	return base == "go.sum" || base == "go.work.sum"
}

// privateModules returns the private requirements: those the analysis
// found, and those matching the remembered or current GOPRIVATE patterns.
// The patterns are remembered in the choices, so regeneration elsewhere
// keeps the secret mount.
func (d *decider) privateModules() []string {
	c := &d.plan.Choices
	for _, pat := range d.p.PrivatePatterns {
		if !slices.Contains(c.Private, pat) {
			c.Private = append(c.Private, pat)
		}
	}
	slices.Sort(c.Private)
	out := slices.Clone(d.p.Private)
	patterns := strings.Join(c.Private, ",")
	for _, r := range d.p.Requires {
		if module.MatchPrefixPatterns(patterns, r.Path) && !slices.Contains(out, r.Path) {
			out = append(out, r.Path)
		}
	}
	return out
}

// needs returns the run-time needs of a main, with the person's additions
// and conservative defaults where the analysis was blind.
func (d *decider) needs(m analyze.Main, include []string) analyze.Needs {
	n := m.Needs
	topic := m.Binary
	for _, ev := range m.Evidence {
		switch ev.Fact {
		case analyze.FactCACerts, analyze.FactTZData, analyze.FactTmp, analyze.FactPasswd:
			d.reason(topic+": "+needName(ev.Fact), "%s: %s", ev.Pos, ev.Detail)
		}
	}
	for _, inc := range include {
		switch inc {
		case IncludeCACerts:
			n.CACerts = true
		case IncludeTZData:
			n.TZData = !n.TZEmbedded
		case IncludeTmp:
			n.Tmp = true
		case IncludePasswd:
			n.Passwd = true
		}
		d.reason(topic+": "+inc, "included because you asked (--include %s)", inc)
	}
	if !n.CACerts && len(d.p.Incomplete) > 0 {
		n.CACerts = true
		d.reason(topic+": ca-certs", "some dependency sources are not on disk, so TLS use inside them could not be ruled out: CA certificates included")
	}
	return n
}

func needName(fact string) string {
	switch fact {
	case analyze.FactCACerts:
		return IncludeCACerts
	case analyze.FactTZData:
		return IncludeTZData
	}
	return fact
}

// stampArgs maps a version variable to the build argument that sets it,
// by its name: the first rule that matches wins.
var stampArgs = []struct {
	words []string
	arg   BuildArg
}{
	{[]string{"version", "semver"}, BuildArg{"VERSION", "$(git describe --tags --always --dirty)"}},
	{[]string{"commit", "sha", "revision"}, BuildArg{"COMMIT", "$(git rev-parse --short HEAD)"}},
	{[]string{"date", "time", "built", "stamp"}, BuildArg{"BUILD_DATE", "$(date -u +%Y-%m-%dT%H:%M:%SZ)"}},
}

// stampArg returns the build argument that stamps the variable v, ok false
// for none.
func stampArg(v string) (BuildArg, bool) {
	name := strings.ToLower(v[strings.LastIndex(v, ".")+1:])
	for _, s := range stampArgs {
		for _, w := range s.words {
			if strings.Contains(name, w) {
				return s.arg, true
			}
		}
	}
	return BuildArg{}, false
}

// build decides the go build step.
func (d *decider) build(mains []analyze.Main, needs []analyze.Needs, base Base, cgo bool) {
	b := &d.plan.Build
	if cgo {
		b.Env = []string{"CGO_ENABLED=1"}
	} else {
		b.Env = []string{"CGO_ENABLED=0"}
	}
	b.Env = append(b.Env, "GOOS=$TARGETOS", "GOARCH=$TARGETARCH")
	b.Flags = []string{"-trimpath"}
	d.reason("build", "-trimpath drops local paths from the binary")
	if version.Compare("go"+d.plan.GoVersion, "go"+goBuildVCS) >= 0 {
		b.Flags = append(b.Flags, "-buildvcs=false")
		d.reason("build", "-buildvcs=false because .git stays out of the build context (stamp versions with build arguments instead)")
	}
	if d.p.Vendor {
		b.Flags = append(b.Flags, "-mod=vendor")
	}
	if d.p.Workspace {
		b.WritableSource = true
		d.reason("build", "workspace: the source is bound read-write for go build (writes are thrown away with the step), so a go.work.sum missing checksums is completed instead of failing the build")
	}
	d.generate(mains)
	var tags []string
	ldflags := []string{"-s", "-w"}
	staticCgo := cgo && base != Distroless
	if staticCgo {
		tags = append(tags, "netgo", "osusergo")
		ldflags = append(ldflags, "-linkmode=external", `-extldflags=-static`)
		d.reason("cgo", "cgo with %s: the binary is linked statically (netgo, osusergo, -extldflags=-static) because the image has no glibc", baseArticle(base))
	}
	for i := range mains {
		if needs[i].TZData && base != Distroless {
			tags = append(tags, "timetzdata")
			d.reason("tzdata", "%s loads time zones and %s has no zoneinfo: -tags timetzdata embeds it in the binary (about 450 KB)", mains[i].Binary, base)
			break
		}
	}
	if len(tags) > 0 {
		b.Flags = append(b.Flags, "-tags="+strings.Join(tags, ","))
	}
	ld := strings.Join(ldflags, " ")
	seenArg := map[string]bool{}
	seenVar := map[string]bool{}
	for _, m := range mains {
		for _, v := range m.VersionVars {
			arg, ok := stampArg(v)
			if !ok || seenVar[v] {
				continue
			}
			seenVar[v] = true
			if !seenArg[arg.Name] {
				seenArg[arg.Name] = true
				b.Args = append(b.Args, arg)
			}
			ld += fmt.Sprintf("${%s:+ -X %s=$%s}", arg.Name, v, arg.Name)
			d.reason("version", "%s is stamped from --build-arg %s (left as in the code when the argument is empty)", v, arg.Name)
		}
	}
	b.Ldflags = ld
	d.reason("build", "-ldflags=\"-s -w\" strips the symbol table and DWARF data: smaller binaries")
	shared := Invocation{OutDir: outDir}
	var own []Invocation
	taken := map[string]string{}
	d.built = map[string]string{}
	for _, m := range mains {
		pkg := "./" + m.Dir
		if m.Dir == "." {
			pkg = "."
		}
		b.Packages = append(b.Packages, pkg)
		if other, dup := taken[m.Binary]; dup {
			dir := outDir + "/" + strings.ReplaceAll(m.Dir, "/", "-")
			own = append(own, Invocation{OutDir: dir, Packages: []string{pkg}})
			d.built[m.Dir] = dir + "/" + m.Binary
			d.reason("build", "%s and %s both build a binary named %s: %s is built into %s/ of its own", other, m.Dir, m.Binary, m.Dir, dir)
			continue
		}
		taken[m.Binary] = m.Dir
		shared.Packages = append(shared.Packages, pkg)
		d.built[m.Dir] = outDir + "/" + m.Binary
	}
	b.Invocations = append([]Invocation{shared}, own...)
}

// final decides one final stage.
func (d *decider) final(m analyze.Main, n analyze.Needs, base Base, cgo bool, deb debian, port chosenPort) {
	f := Final{
		Stage:      stageName(m.Binary),
		Binary:     m.Binary,
		Dir:        m.Dir,
		Base:       base,
		Built:      d.built[m.Dir],
		BinaryPath: "/usr/local/bin/" + m.Binary,
		User:       fmt.Sprintf("%d:%d", NonrootUID, NonrootUID),
		UID:        NonrootUID,
		LabelArgs:  []string{"VERSION", "COMMIT"},
		SourceURL:  sourceURL(d.p.Module),
	}
	// An OCI label is written only with a value to carry: the source only
	// when the module path names a known forge.
	if f.SourceURL != "" {
		f.Labels = append(f.Labels, Label{"org.opencontainers.image.source", "${SOURCE_URL}"})
	}
	f.Labels = append(f.Labels, Label{"org.opencontainers.image.version", "${VERSION}"}, Label{"org.opencontainers.image.revision", "${COMMIT}"})
	topic := m.Binary
	switch base {
	case Distroless:
		if cgo && m.CgoCXX {
			f.Image = distroless("cc", deb)
			d.reason(topic+": base", "%s: C++ code in the closure needs libstdc++ and libgcc, which distroless cc adds to glibc; no shell", f.Image.Ref())
		} else if cgo {
			f.Image = distroless("base", deb)
			d.reason(topic+": base", "%s: distroless base has the glibc, libssl and CA certificates a cgo binary links against, and no shell", f.Image.Ref())
		} else {
			f.Image = distroless("static", deb)
			d.reason(topic+": base", "%s: CA certificates, zoneinfo, /tmp and the nonroot user are built in; no shell", f.Image.Ref())
		}
	case Scratch:
		f.Image = scratchImage()
		f.Rootfs = d.rootfs(n)
		if !n.CACerts {
			f.Notes = append(f.Notes, "No CA certificates: the analysis found no TLS client use (dockgen generate --include ca-certs adds them).")
		}
		if f.Rootfs == "" {
			d.reason(topic+": base", "scratch with the binary alone: the analysis found no need for CA certificates, zoneinfo, /tmp or users")
		} else {
			d.reason(topic+": base", "scratch with exactly %s from the build stage", strings.TrimPrefix(f.Rootfs, "/rootfs-"))
		}
	case Alpine:
		f.Image = alpineImage()
		f.Rootfs = d.alpineUserRootfs(f.Image)
		d.reason(topic+": base", "%s: busybox shell for debugging; CA bundle and /tmp are built in; the nonroot user is written into alpine's passwd and group in the build stage and copied, so the final stage runs no command", f.Image.Ref())
	}
	d.run(&f, m, base, port)
	// Run-time files.
	for _, rf := range m.RuntimeFiles {
		if path.IsAbs(rf.Path) {
			f.Files = append(f.Files, Copy{Src: rf.Source, Dst: rf.Path})
			d.reason(topic+": files", "%s is read at run time from %s (a default path): the project's %s is copied there", rf.Path, rf.Path, rf.Source)
			continue
		}
		f.Workdir = "/app"
		f.Files = append(f.Files, Copy{Src: rf.Source, Dst: "/app/" + rf.Path})
		d.reason(topic+": files", "%s is read at run time from the working directory: copied to /app/%s (embedding it with //go:embed would make the binary self-contained)", rf.Source, rf.Path)
	}
	d.plan.Finals = append(d.plan.Finals, f)
}

// rootfs returns the build-stage directory holding exactly the files a
// scratch image needs, adding it to the plan once per distinct set.
func (d *decider) rootfs(n analyze.Needs) string {
	var parts, cmds []string
	root := "/rootfs-"
	if n.CACerts {
		parts = append(parts, "ca-certs")
	}
	if n.Passwd {
		parts = append(parts, "passwd")
	}
	if n.Tmp {
		parts = append(parts, "tmp")
	}
	if len(parts) == 0 {
		return ""
	}
	root += strings.Join(parts, "+")
	if d.hasRootfs(root) {
		return root
	}
	if n.CACerts {
		cmds = append(cmds, fmt.Sprintf("mkdir -p %s/etc/ssl/certs", root), fmt.Sprintf("cp %s %s/etc/ssl/certs/", BuilderCABundle, root))
	}
	if n.Passwd {
		cmds = append(cmds,
			fmt.Sprintf("mkdir -p %s/etc", root),
			fmt.Sprintf("echo 'nonroot:x:%d:%d:nonroot:/home/nonroot:/sbin/nologin' > %s/etc/passwd", NonrootUID, NonrootUID, root),
			fmt.Sprintf("echo 'nonroot:x:%d:' > %s/etc/group", NonrootUID, root))
	}
	if n.Tmp {
		cmds = append(cmds, fmt.Sprintf("mkdir -p %s/tmp", root), fmt.Sprintf("chmod 1777 %s/tmp", root))
	}
	d.plan.Rootfs = append(d.plan.Rootfs, Rootfs{Dir: root, Comment: "What the scratch image needs, and nothing more.", Commands: cmds})
	return root
}

// alpineUserRootfs returns the build-stage directory holding alpine's own
// passwd and group with the nonroot user added, adding it to the plan once.
// Writing them in the build stage, which runs on $BUILDPLATFORM, instead of
// RUN adduser in the final stage keeps every final stage free of commands:
// no emulation for multi-platform builds.
func (d *decider) alpineUserRootfs(img Image) string {
	const root = "/rootfs-alpine-nonroot"
	if d.hasRootfs(root) {
		return root
	}
	d.plan.Rootfs = append(d.plan.Rootfs, Rootfs{
		Dir:     root,
		Comment: fmt.Sprintf("The nonroot user (%d) for alpine: its own passwd and group with one line added, so the final stage runs no command.", NonrootUID),
		Seed:    &Seed{Image: img, Files: []string{"/etc/passwd", "/etc/group"}, Dst: root + "/etc/"},
		Commands: []string{
			fmt.Sprintf("echo 'nonroot:x:%d:%d:nonroot:/home/nonroot:/sbin/nologin' >> %s/etc/passwd", NonrootUID, NonrootUID, root),
			fmt.Sprintf("echo 'nonroot:x:%d:' >> %s/etc/group", NonrootUID, root),
		},
	})
	return root
}

func (d *decider) hasRootfs(dir string) bool {
	for _, r := range d.plan.Rootfs {
		if r.Dir == dir {
			return true
		}
	}
	return false
}

// reservedStages are names a final stage cannot take.
var reservedStages = []string{buildStage, "scratch", "context"}

// stageName turns a binary name into a valid stage name.
func stageName(binary string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(binary) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.' {
			b.WriteRune(r)
		} else {
			b.WriteByte('-')
		}
	}
	s := b.String()
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		s = "bin-" + s
	}
	return s
}

// stageNames makes final stage names unique and keeps them clear of the
// build stage and reserved names.
func (d *decider) stageNames() {
	taken := map[string]bool{}
	for _, r := range reservedStages {
		taken[r] = true
	}
	for i := range d.plan.Finals {
		f := &d.plan.Finals[i]
		name := f.Stage
		for n := 2; taken[name]; n++ {
			name = f.Stage + "-" + strconv.Itoa(n)
		}
		if name != f.Stage {
			d.reason(f.Binary+": stage", "stage named %s because %s is taken", name, f.Stage)
		}
		f.Stage = name
		taken[name] = true
	}
}

// sourceURL guesses the repository URL from the module path on well-known
// hosts.
func sourceURL(module string) string {
	parts := strings.Split(module, "/")
	if len(parts) >= 3 {
		switch parts[0] {
		case "github.com", "gitlab.com", "bitbucket.org", "codeberg.org":
			return "https://" + strings.Join(parts[:3], "/")
		}
	}
	return ""
}

// chosenPort is the port a person chose for one binary: N > 0, -1 for
// none, 0 for the detected ports; flag says how, for the reason.
type chosenPort struct {
	n    int
	flag string
}

// portOf returns the port chosen for m: its port by name, else for the
// primary the unnamed --port. (An unnamed given --port has already
// replaced the primary's saved port by name: see primaryPorts.)
func portOf(c Choices, m, primary analyze.Main) chosenPort {
	if n, ok := c.Ports[m.Binary]; ok && n != 0 {
		return chosenPort{n, c.saved.how(m.Binary, n)}
	}
	if m.Dir == primary.Dir && c.Port != 0 {
		return chosenPort{c.Port, c.saved.how("", c.Port)}
	}
	return chosenPort{}
}

// checkPortNames reports a port chosen for a binary no main package builds:
// a typo in --port NAME=N (Layer has dropped the saved ports of mains
// removed since).
func checkPortNames(p *analyze.Project, ports map[string]int) error {
	for _, name := range slices.Sorted(maps.Keys(ports)) {
		if !builds(p, name) {
			var bins []string
			for _, m := range p.Mains {
				bins = append(bins, m.Binary)
			}
			return fmt.Errorf("%w: --port %s=%s: no main package builds %s (binaries: %s)", ErrChoice, name, formatPort(ports[name]), name, strings.Join(bins, ", "))
		}
	}
	return nil
}

// PortList formats ports for a person: "8080 9090".
func PortList(ns []int) string {
	var s []string
	for _, n := range ns {
		s = append(s, strconv.Itoa(n))
	}
	return strings.Join(s, " ")
}

func portEvidence(m analyze.Main) string {
	var where []string
	for _, ev := range m.Evidence {
		if ev.Fact == analyze.FactPort {
			where = append(where, ev.Pos+" "+ev.Detail)
		}
	}
	return strings.Join(where, "; ")
}

// baseArticle names a base with its article, for reasons.
func baseArticle(b Base) string {
	if b == Alpine {
		return "an alpine image"
	}
	return "a " + string(b) + " image"
}
