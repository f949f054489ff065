package plan

import (
	"errors"
	"fmt"
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
	plan.Choices = c

	d.goVersion()
	cgo := d.cgo(ordered, c.Cgo)
	plan.Cgo = cgo
	deb := debianFor(plan.GoVersion)
	plan.Builder = builderImage(deb)
	plan.CrossCompile = !cgo
	if cgo {
		d.reason("platform", "the build stage runs on the target platform (emulated when it differs): cgo needs a C compiler for the target, Go alone cross-compiles only without it")
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
		port := c.Port
		if m.Dir != primary.Dir {
			port = 0
		}
		d.final(m, needs[i], c.Base, cgo, deb, port)
	}
	d.stageNames()
	d.ignore(ordered, c.Context)
	return nil
}

// goVersion sets GO_VERSION from the toolchain line, else the go line.
func (d *decider) goVersion() {
	p := d.p
	file := goFile(p)
	switch {
	case p.Toolchain != "" && strings.HasPrefix(p.Toolchain, "go"):
		v := strings.TrimPrefix(p.Toolchain, "go")
		if i := strings.IndexAny(v, "+-"); i >= 0 {
			v = v[:i]
		}
		d.plan.GoVersion = v
		d.plan.GoVersionSource = "the toolchain line of " + file
		d.reason("go", "Go %s from the toolchain line of %s", v, file)
	case p.Go != "":
		d.plan.GoVersion = p.Go
		d.plan.GoVersionSource = "the go line of " + file
		d.reason("go", "Go %s from the go line of %s", p.Go, file)
	default:
		d.plan.GoVersion = DefaultGoVersion
		d.plan.GoVersionSource = "dockgen's default (" + file + " has no go line)"
		d.warn("%s has no go line; building with Go %s (add one with go mod edit -go=%s)", file, DefaultGoVersion, DefaultGoVersion)
	}
	deb := debianFor(d.plan.GoVersion)
	d.reason("builder", "golang:%s-%s: Debian %s images match distroless %s and carry gcc, git and the CA bundle", d.plan.GoVersion, deb.codename, deb.codename, deb.distroless)
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
	if !p.HasGoSum {
		d.warn("go.mod has requirements but there is no go.sum; the build will fail until you run go mod tidy")
	}
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
		d.reason("modules", "go.sum and go.work.sum are bound read-write (the writes are thrown away with the step): the go command adds missing checksums instead of failing, so the build does not depend on them being complete")
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
	b.Flags = []string{"-trimpath", "-buildvcs=false"}
	d.reason("build", "-trimpath drops local paths from the binary; -buildvcs=false because .git stays out of the build context (stamp versions with build arguments instead)")
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
func (d *decider) final(m analyze.Main, n analyze.Needs, base Base, cgo bool, deb debian, port int) {
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
		f.AddUser = true
		d.reason(topic+": base", "%s: busybox shell for debugging; CA bundle and /tmp are built in, the nonroot user is added with adduser (no package download)", f.Image.Ref())
	}
	// Ports.
	switch {
	case port > 0:
		f.Ports = []int{port}
		d.reason(topic+": port", "EXPOSE %d (--port)", port)
	case port < 0:
		d.reason(topic+": port", "no EXPOSE (--port none)")
	default:
		f.Ports = m.Ports
		if len(m.Ports) > 0 {
			d.reason(topic+": port", "EXPOSE %s: %s", PortList(m.Ports), portEvidence(m))
		}
	}
	if m.HealthPath != "" && len(f.Ports) > 0 {
		url := fmt.Sprintf("http://127.0.0.1:%d%s", f.Ports[0], m.HealthPath)
		if base == Alpine {
			f.Healthcheck = []string{"wget", "-q", "-O", "/dev/null", url}
			d.reason(topic+": health", "HEALTHCHECK with busybox wget on %s", url)
		} else {
			f.HealthNote = fmt.Sprintf("No shell for a HEALTHCHECK: probe GET %s on port %d (httpGet in Kubernetes).", m.HealthPath, f.Ports[0])
			d.reason(topic+": health", "%s", f.HealthNote)
		}
	}
	// Run-time files.
	for _, rf := range m.RuntimeFiles {
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
	for _, r := range d.plan.Rootfs {
		if r.Dir == root {
			return root
		}
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
	d.plan.Rootfs = append(d.plan.Rootfs, Rootfs{Dir: root, Commands: cmds})
	return root
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
