package harness

import (
	"bufio"
	"context"
	"embed"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"
)

// The stand-in base images. No registry is reachable, so the suite makes the
// images a generated Dockerfile names (golang:…, gcr.io/distroless/…,
// alpine:…) from files of this machine, under those exact names, with
// docker import. They are deliberately minimal: a Dockerfile that needs
// something the real image lacks must fail here. What they cannot prove is
// listed in Limits.

// recipeLabel is the image label holding the recipe hash: an image whose
// label matches is not made again.
const recipeLabel = "dockgen.e2e.recipe"

// recipeVersion changes when a recipe changes in a way the hash cannot see.
const recipeVersion = "dockgen-e2e-standins-1"

//go:embed standin
var standinFiles embed.FS

// Limits lists what the stand-in images cannot prove, for the suite's output
// and the README.
var Limits = []string{
	"builder: the Go toolchain is this machine's GOROOT (" + runtime.Version() + " when the suite was built) under the golang:<GO_VERSION> tag, not the exact release the tag names; gcc, binutils and libc6-dev are Debian 12's (glibc 2.36), not trixie's (glibc 2.41); there is no git, curl, make or pkg-config (the real image has them)",
	"builder: module downloads go to a loopback stand-in for proxy.golang.org (this machine's module cache served over HTTP, GOSUMDB=off, go.sum still checked): private modules, GOPRIVATE, .netrc and proxy authentication are not exercised",
	"distroless: the files are Debian 12's CA bundle, zoneinfo and (for base/cc) glibc libraries, plus passwd/group written by the suite; the real images' package metadata (/var/lib/dpkg/status.d), licences, /etc/os-release and nsswitch.conf are absent, so scanners' views are not tested",
	"alpine: busybox is Debian's busybox-static (glibc, not musl; other applet set); adduser and addgroup, which Debian's build lacks, are shell scripts implementing the BusyBox options; there is no musl loader (/lib/ld-musl-*), no apk and no package database, so a dynamically linked binary or an apk add step fails here (apk add would fail offline anyway)",
	"platforms: the arm64 builds without cgo (TestForeignPlatform) use stand-ins whose files are this machine's amd64 ones labelled linux/arm64: they prove that the binary is cross-compiled for arm64 (its ELF machine), not that it runs on arm64 (that no final stage runs a command is the golden properties test's to prove); the cgo build for arm64 (TestCgoEmulated) runs its build stage and the image under QEMU on stand-ins of Debian 12's arm64 packages and Go's linux-arm64 toolchain, with a few lines of C, not a big C library and not alpine; registry features (pull, push, provenance, SBOM, the # syntax= frontend image) are not exercised",
	"sizes: image sizes include the stand-in base images; the added-by-dockgen figure (image − base − binary) does not depend on them, the total does",
	"running: containers use the host network, so EXPOSE and port publishing (-p) are not exercised; in the examples an alpine HEALTHCHECK command is run once with docker exec; in the real-world suite the daemon runs the image's HEALTHCHECK command itself, but every second (docker run --health-interval=1s), not on the image's 30s schedule, and the container must be healthy within " + HealthWait.String(),
}

// HealthWait is how long the real-world run level waits for a container
// with a HEALTHCHECK to become healthy: the image's 5s start period and a
// few of the short intervals the suite runs it at.
const HealthWait = 20 * time.Second

// Standins makes the stand-in images, once per process.
type Standins struct {
	Docker   *Docker
	GOROOT   string // the Go toolchain copied into the builder
	ProxyURL string // GOPROXY of the builder
	Logf     func(format string, args ...any)

	mu   sync.Mutex
	made map[string]bool
}

// kind is a kind of stand-in image.
type kind int

const (
	kindBuilder kind = iota
	kindDistrolessStatic
	kindDistrolessBase
	kindDistrolessCC
	kindAlpine
)

// classify maps an image reference to its stand-in.
func classify(ref string) (kind, error) {
	name, tag, _ := strings.Cut(ref, ":")
	switch {
	case name == "golang" && tag != "" && !strings.Contains(tag, "alpine"):
		return kindBuilder, nil
	case strings.HasPrefix(name, "gcr.io/distroless/static-") && (tag == "nonroot" || tag == "latest"):
		return kindDistrolessStatic, nil
	case strings.HasPrefix(name, "gcr.io/distroless/base-") && (tag == "nonroot" || tag == "latest"):
		return kindDistrolessBase, nil
	case strings.HasPrefix(name, "gcr.io/distroless/cc-") && (tag == "nonroot" || tag == "latest"):
		return kindDistrolessCC, nil
	case name == "alpine" && tag != "":
		return kindAlpine, nil
	}
	return 0, fmt.Errorf("no stand-in image for %s: teach e2e/harness/standins.go to make it, or fix the FROM line", ref)
}

// Ensure makes every image in refs that is not already there with the same
// recipe. scratch needs nothing.
func (s *Standins) Ensure(ctx context.Context, refs []string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.made == nil {
		s.made = map[string]bool{}
	}
	for _, ref := range refs {
		if ref == "scratch" || s.made[ref] {
			continue
		}
		k, err := classify(ref)
		if err != nil {
			return err
		}
		if err := s.ensure(ctx, ref, k); err != nil {
			return fmt.Errorf("stand-in %s: %w", ref, err)
		}
		s.made[ref] = true
	}
	return nil
}

func (s *Standins) logf(format string, args ...any) {
	if s.Logf != nil {
		s.Logf(format, args...)
	}
}

func (s *Standins) ensure(ctx context.Context, ref string, k kind) error {
	if k == kindBuilder {
		return s.ensureBuilder(ctx, ref)
	}
	fsys, changes, err := s.recipe(k, ref, hostDebs{})
	if err != nil {
		return err
	}
	return s.importImage(ctx, ref, fsys, changes)
}

// importImage imports fsys as ref unless ref already carries the recipe's hash.
func (s *Standins) importImage(ctx context.Context, ref string, fsys *rootfs, changes []string) error {
	hash := fsys.hash(append([]string{recipeVersion}, changes...)...)
	img, ok, err := s.Docker.InspectImage(ctx, ref)
	if err != nil {
		return err
	}
	if ok && img.Config.Labels[recipeLabel] == hash {
		s.logf("stand-in %s: up to date (recipe %.12s)", ref, hash)
		return nil
	}
	s.logf("stand-in %s: importing %d files, %.1f MB (recipe %.12s)", ref, len(fsys.entries), float64(fsys.size())/1e6, hash)
	args := []string{"import"}
	for _, c := range append(changes, "LABEL "+recipeLabel+"="+hash) {
		args = append(args, "--change", c)
	}
	args = append(args, "-", ref)
	pr, pw := io.Pipe()
	go func() { pw.CloseWithError(fsys.writeTar(pw)) }()
	_, err = s.Docker.RunInput(ctx, pr, args...)
	pr.Close()
	if err == nil && ok {
		s.Docker.Run(ctx, "rmi", img.ID) // the previous recipe's image; fails harmlessly while in use
	}
	return err
}

// ensureBuilder makes the golang stand-in in two layers: the big root file
// system (Go toolchain, C toolchain, shell) imported once per recipe, and a
// metadata-only image on top that sets GOPROXY to this run's loopback module
// proxy, so that a new proxy port never re-imports half a gigabyte.
func (s *Standins) ensureBuilder(ctx context.Context, ref string) error {
	fsys, changes, err := builderRecipe(hostDebs{}, s.GOROOT)
	if err != nil {
		return err
	}
	hash := fsys.hash(append([]string{recipeVersion}, changes...)...)
	rootRef := "dockgen-e2e/golang-rootfs:" + hash[:12]
	if err := s.importImage(ctx, rootRef, fsys, changes); err != nil {
		return err
	}
	// Older recipes' root file systems are half a gigabyte each: drop them.
	if tags, err := s.Docker.Run(ctx, "images", "--format", "{{.Repository}}:{{.Tag}}", "dockgen-e2e/golang-rootfs"); err == nil {
		for _, old := range strings.Fields(tags) {
			if old != rootRef {
				s.Docker.Run(ctx, "rmi", old) // fails harmlessly while in use
			}
		}
	}
	topHash := hash[:12] + "-" + s.ProxyURL
	img, ok, err := s.Docker.InspectImage(ctx, ref)
	if err != nil {
		return err
	}
	if ok && img.Config.Labels[recipeLabel] == topHash {
		s.logf("stand-in %s: up to date (GOPROXY=%s)", ref, s.ProxyURL)
		return nil
	}
	dockerfile := fmt.Sprintf("FROM %s\n"+
		"# GOPROXY: a loopback stand-in for proxy.golang.org, started by the e2e suite.\n"+
		"ENV GOPROXY=%s GOSUMDB=off\n"+
		"LABEL %s=%q\n", rootRef, s.ProxyURL, recipeLabel, topHash)
	out, err := s.Docker.Build(ctx, BuildOptions{Context: "-", Tag: ref, Stdin: strings.NewReader(dockerfile)})
	if err != nil {
		return fmt.Errorf("%w\n%s", err, tail(out, 30))
	}
	s.logf("stand-in %s: GOPROXY=%s on top of %s", ref, s.ProxyURL, rootRef)
	return nil
}

// builderPackages are the Debian packages whose files (with their
// dependencies) make the builder: a shell, cp/mkdir/chmod, and a C toolchain
// with the static C library for cgo.
var builderPackages = []string{"dash", "coreutils", "gcc", "libc6-dev"}

// skipShare leaves out documentation, which no build reads.
func skipShare(p string) bool {
	for _, prefix := range []string{"/usr/share/doc", "/usr/share/man", "/usr/share/info", "/usr/share/locale", "/usr/share/lintian", "/usr/share/bug"} {
		if p == prefix || strings.HasPrefix(p, prefix+"/") {
			return true
		}
	}
	return false
}

// debs gives a recipe the files of Debian packages: the machine's installed
// ones (hostDebs), or another architecture's, downloaded (archDebs).
type debs interface {
	// closure returns pkgs and the packages they depend on.
	closure(pkgs []string) ([]string, error)
	// add adds the files of pkgs for which keep is true, under the path
	// they have on a merged-/usr system.
	add(r *rootfs, pkgs []string, keep func(string) bool) error
	// loader adds the dynamic loader that add may leave out.
	loader(r *rootfs) error
}

// hostDebs are the packages installed on this machine.
type hostDebs struct{}

func (hostDebs) closure(pkgs []string) ([]string, error) { return debClosure(pkgs) }
func (hostDebs) add(r *rootfs, pkgs []string, keep func(string) bool) error {
	return addPackages(r, pkgs, keep)
}
func (hostDebs) loader(r *rootfs) error { return r.host("/lib64/ld-linux-x86-64.so.2") }

// builderRecipe is the golang image: the packages of builderPackages from
// src, the Go toolchain at goroot.
func builderRecipe(src debs, goroot string) (*rootfs, []string, error) {
	r := newRootfs()
	mergedUsr(r)
	pkgs, err := src.closure(builderPackages)
	if err != nil {
		return nil, nil, err
	}
	if err := src.add(r, pkgs, func(p string) bool { return !skipShare(p) }); err != nil {
		return nil, nil, err
	}
	r.symlink("usr/bin/sh", "dash") // dash's postinst makes it; dpkg lists it as a diversion
	if err := r.hostTree(goroot, "usr/local/go", func(rel string) bool {
		return rel == "test" || rel == "pkg/obj"
	}); err != nil {
		return nil, nil, fmt.Errorf("copying the Go toolchain: %w", err)
	}
	// The go command and its tools are executable (a toolchain from the
	// module cache has no execute bits: the go command sets them itself).
	for name, e := range r.entries {
		if e.mode.IsRegular() && (strings.HasPrefix(name, "usr/local/go/bin/") || strings.HasPrefix(name, "usr/local/go/pkg/tool/")) {
			e.mode |= 0o555
		}
	}
	if err := r.hostAs("/etc/ssl/certs/ca-certificates.crt", "etc/ssl/certs/ca-certificates.crt"); err != nil {
		return nil, nil, fmt.Errorf("CA bundle (install ca-certificates): %w", err)
	}
	r.file("etc/passwd", 0o644, "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n")
	r.file("etc/group", 0o644, "root:x:0:\nnogroup:x:65534:\n")
	r.dir("tmp", fs.ModeSticky|0o777, 0, 0)
	r.dir("root", 0o700, 0, 0)
	r.dir("usr/local/bin", 0o755, 0, 0)
	// Like the golang image: GOPATH /go, world-writable.
	r.dir("go", fs.ModeSticky|0o777, 0, 0)
	r.dir("go/bin", fs.ModeSticky|0o777, 0, 0)
	r.dir("go/src", fs.ModeSticky|0o777, 0, 0)
	version, err := goVersion(goroot)
	if err != nil {
		return nil, nil, err
	}
	changes := []string{
		"ENV PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
		"ENV GOLANG_VERSION=" + strings.TrimPrefix(version, "go"),
		"ENV GOTOOLCHAIN=local",
		"ENV GOPATH=/go",
		"WORKDIR /go",
	}
	return r, changes, nil
}

// recipe returns the root file system and image configuration of a runtime
// stand-in.
func (s *Standins) recipe(k kind, ref string, src debs) (*rootfs, []string, error) {
	r := newRootfs()
	_, tag, _ := strings.Cut(ref, ":")
	switch k {
	case kindDistrolessStatic, kindDistrolessBase, kindDistrolessCC:
		// What gcr.io/distroless/static has: CA certificates, zoneinfo,
		// users root, nobody and nonroot (65532), /tmp, homes. No shell, no libc.
		if err := r.hostAs("/etc/ssl/certs/ca-certificates.crt", "etc/ssl/certs/ca-certificates.crt"); err != nil {
			return nil, nil, fmt.Errorf("CA bundle (install ca-certificates): %w", err)
		}
		if err := r.hostTree("/usr/share/zoneinfo", "usr/share/zoneinfo", nil); err != nil {
			return nil, nil, fmt.Errorf("zoneinfo (install tzdata): %w", err)
		}
		r.file("etc/passwd", 0o644, "root:x:0:0:root:/root:/sbin/nologin\n"+
			"nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n"+
			"nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n")
		r.file("etc/group", 0o644, "root:x:0:\nnobody:x:65534:\ntty:x:5:\nstaff:x:50:\nnonroot:x:65532:\n")
		r.dir("tmp", fs.ModeSticky|0o777, 0, 0)
		r.dir("root", 0o700, 0, 0)
		r.dir("home/nonroot", 0o700, 65532, 65532)
		if k != kindDistrolessStatic {
			// base adds glibc (and libssl); cc adds libgcc and libstdc++.
			mergedUsr(r)
			pkgs := []string{"libc6", "libssl3"}
			if k == kindDistrolessCC {
				pkgs = append(pkgs, "libgcc-s1", "libstdc++6")
			}
			if err := src.add(r, pkgs, isRuntimeLib); err != nil {
				return nil, nil, err
			}
			if err := src.loader(r); err != nil {
				return nil, nil, err
			}
		}
		changes := []string{
			"ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
			"ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt",
		}
		if tag == "nonroot" {
			changes = append(changes, "USER 65532", "WORKDIR /home/nonroot")
		}
		return r, changes, nil

	case kindAlpine:
		// busybox with its applets, the CA bundle, root and nobody, /tmp.
		// No zoneinfo: the real alpine image has none either.
		if err := r.hostAs(busyboxPath(), "bin/busybox"); err != nil {
			return nil, nil, fmt.Errorf("busybox (install busybox-static): %w", err)
		}
		applets, err := exec.Command(busyboxPath(), "--list-full").Output()
		if err != nil {
			return nil, nil, fmt.Errorf("busybox --list-full: %w", err)
		}
		for _, a := range strings.Fields(string(applets)) {
			if path.Base(a) != "busybox" {
				r.symlink(a, "/bin/busybox")
			}
		}
		r.symlink("sbin/nologin", "/bin/busybox")
		for _, name := range []string{"adduser", "addgroup"} {
			data, err := standinFiles.ReadFile("standin/alpine/" + name)
			if err != nil {
				return nil, nil, err
			}
			r.file("usr/sbin/"+name, 0o755, string(data))
		}
		if err := r.hostAs("/etc/ssl/certs/ca-certificates.crt", "etc/ssl/certs/ca-certificates.crt"); err != nil {
			return nil, nil, fmt.Errorf("CA bundle (install ca-certificates): %w", err)
		}
		r.symlink("etc/ssl/cert.pem", "certs/ca-certificates.crt")
		r.file("etc/passwd", 0o644, "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/sbin/nologin\n")
		r.file("etc/group", 0o644, "root:x:0:root\nnogroup:x:65533:\nnobody:x:65534:\n")
		r.file("etc/shadow", 0o640, "root:*::0:::::\nnobody:!::0:::::\n")
		r.file("etc/alpine-release", 0o644, tag+" (dockgen e2e stand-in)\n")
		r.dir("tmp", fs.ModeSticky|0o777, 0, 0)
		r.dir("root", 0o700, 0, 0)
		r.dir("home", 0o755, 0, 0)
		r.dir("usr/local/bin", 0o755, 0, 0)
		return r, []string{
			"ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
			`CMD ["/bin/sh"]`,
		}, nil
	}
	return nil, nil, fmt.Errorf("no recipe for kind %d", k)
}

// mergedUsr adds the links of a merged-/usr Debian system.
func mergedUsr(r *rootfs) {
	for _, d := range []string{"bin", "sbin", "lib", "lib64"} {
		r.symlink(d, "usr/"+d)
		r.dir("usr/"+d, 0o755, 0, 0)
	}
}

// isRuntimeLib keeps shared libraries and leaves out gconv modules, tools
// and documentation: what distroless base ships of glibc and OpenSSL.
func isRuntimeLib(p string) bool {
	if skipShare(p) || strings.Contains(p, "/gconv") || strings.Contains(p, "/engines-") || strings.Contains(p, "/ossl-modules") {
		return false
	}
	return strings.Contains(path.Base(p), ".so") || strings.HasPrefix(p, "/lib64") || strings.HasSuffix(p, "-linux-gnu")
}

func busyboxPath() string {
	for _, p := range []string{"/bin/busybox", "/usr/bin/busybox"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return "/bin/busybox"
}

// debClosure returns the installed packages pkgs depend on, pkgs included.
func debClosure(pkgs []string) ([]string, error) {
	args := append([]string{"depends", "--recurse", "--installed", "--no-recommends", "--no-suggests",
		"--no-conflicts", "--no-breaks", "--no-replaces", "--no-enhances"}, pkgs...)
	out, err := exec.Command("apt-cache", args...).Output()
	if err != nil {
		return nil, fmt.Errorf("apt-cache depends %s: %w (is this Debian with the packages installed? see .ci/docker-setup)", strings.Join(pkgs, " "), err)
	}
	set := map[string]bool{}
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, " ") || strings.HasPrefix(line, "<") {
			continue
		}
		set[strings.TrimSpace(line)] = true
	}
	for _, p := range pkgs {
		if !set[p] {
			return nil, fmt.Errorf("package %s is not installed (see .ci/docker-setup)", p)
		}
	}
	res := make([]string, 0, len(set))
	for p := range set {
		res = append(res, p)
	}
	sort.Strings(res)
	return res, nil
}

// addPackages adds the files dpkg lists for pkgs, for which keep is true.
// Links into /etc/alternatives bring the alternative's link along.
func addPackages(r *rootfs, pkgs []string, keep func(string) bool) error {
	out, err := exec.Command("dpkg-query", append([]string{"-L"}, pkgs...)...).Output()
	if err != nil {
		return fmt.Errorf("dpkg-query -L %s: %w", strings.Join(pkgs, " "), err)
	}
	for _, p := range strings.Split(string(out), "\n") {
		if p == "" || p == "/." || !strings.HasPrefix(p, "/") || !keep(p) {
			continue
		}
		if _, err := os.Lstat(p); err != nil {
			continue // listed but removed (dpkg path-exclude), or diverted away
		}
		if err := r.host(p); err != nil {
			return err
		}
		if target, err := os.Readlink(p); err == nil && strings.HasPrefix(target, "/etc/alternatives/") {
			if err := r.host(target); err != nil {
				return err
			}
		}
	}
	return nil
}

// goVersion reads the toolchain's version from GOROOT/VERSION.
func goVersion(goroot string) (string, error) {
	data, err := os.ReadFile(path.Join(goroot, "VERSION"))
	if err != nil {
		return "", fmt.Errorf("reading the Go toolchain's version: %w", err)
	}
	line, _, _ := strings.Cut(string(data), "\n")
	return strings.TrimSpace(line), nil
}
