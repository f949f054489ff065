package harness

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

// Emulated stand-ins. A cgo build for another platform runs its build
// stage on that platform, under QEMU (binfmt_misc with qemu-user-static, as
// .ci/docker-setup installs it). Its stand-ins are made of that platform's
// real files, not relabelled ones: Debian 12 packages of the architecture,
// fetched with apt into the suite's own cache (private package lists and
// downloads: the machine's package state is not touched), and the Go
// toolchain of the architecture from the module proxy (golang.org/toolchain,
// the module GOTOOLCHAIN downloads).

// archDebs are Debian packages of another architecture, downloaded and
// unpacked under dir.
type archDebs struct {
	ctx  context.Context
	dir  string // the cache: apt's lists and archives, the .deb files, the unpacked trees
	arch string // the Debian architecture (arm64)
}

// newArchDebs prepares apt for arch under the cache directory, reading the
// machine's sources with package lists of its own (apt-get update once a
// cache).
func newArchDebs(ctx context.Context, cache, arch string) (*archDebs, error) {
	a := &archDebs{ctx: ctx, dir: filepath.Join(cache, "debian-"+arch), arch: arch}
	for _, d := range []string{"lists/partial", "archives/partial", "debs", "unpacked"} {
		if err := os.MkdirAll(filepath.Join(a.dir, d), 0o755); err != nil {
			return nil, err
		}
	}
	if names, _ := filepath.Glob(filepath.Join(a.dir, "lists", "*_Packages*")); len(names) == 0 {
		if _, err := a.apt("apt-get", "update", "-qq"); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// apt runs an apt tool on the cache's own state, for arch alone.
func (a *archDebs) apt(tool string, args ...string) ([]byte, error) {
	opts := []string{
		"-o", "Dir::State::Lists=" + filepath.Join(a.dir, "lists"),
		"-o", "Dir::Cache=" + a.dir,
		"-o", "Dir::State::status=/dev/null",
		"-o", "APT::Architecture=" + a.arch,
		"-o", "APT::Architectures::=" + a.arch,
		"-o", "APT::Sandbox::User=root",
	}
	c := exec.CommandContext(a.ctx, tool, append(opts, args...)...)
	c.Dir = filepath.Join(a.dir, "debs")
	var stderr strings.Builder
	c.Stderr = &stderr
	out, err := c.Output()
	if err != nil {
		return nil, fmt.Errorf("%s %s (Debian packages of %s): %w\n%s", tool, strings.Join(args, " "), a.arch, err, tail(stderr.String(), 10))
	}
	return out, nil
}

// closure returns pkgs and every package they depend on (no recommends).
func (a *archDebs) closure(pkgs []string) ([]string, error) {
	out, err := a.apt("apt-cache", append([]string{"depends", "--recurse", "--no-recommends", "--no-suggests",
		"--no-conflicts", "--no-breaks", "--no-replaces", "--no-enhances"}, pkgs...)...)
	if err != nil {
		return nil, err
	}
	set := map[string]bool{}
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	for sc.Scan() {
		line := sc.Text()
		if line != "" && !strings.HasPrefix(line, " ") && !strings.HasPrefix(line, "<") {
			set[strings.TrimSpace(line)] = true
		}
	}
	res := make([]string, 0, len(set))
	for p := range set {
		res = append(res, p)
	}
	sort.Strings(res)
	return res, nil
}

// unpacked downloads pkg (once) and unpacks it (once), returning the
// directory that holds its files.
func (a *archDebs) unpacked(pkg string) (string, error) {
	// The version the package lists name now, not whichever .deb sorts
	// last in the cache: after a point release an older one may still be
	// there, and libc6-dev must match libc6 exactly.
	out, err := a.apt("apt-cache", "show", "--no-all-versions", pkg+":"+a.arch)
	if err != nil {
		return "", err
	}
	version := ""
	for _, line := range strings.Split(string(out), "\n") {
		if v, ok := strings.CutPrefix(line, "Version: "); ok {
			version = strings.ReplaceAll(strings.TrimSpace(v), ":", "%3a") // as apt names the file
			break
		}
	}
	if version == "" {
		return "", fmt.Errorf("apt-cache show %s:%s gave no version", pkg, a.arch)
	}
	find := func() string {
		for _, arch := range []string{a.arch, "all"} {
			name := filepath.Join(a.dir, "debs", pkg+"_"+version+"_"+arch+".deb")
			if _, err := os.Stat(name); err == nil {
				return name
			}
		}
		return ""
	}
	deb := find()
	if deb == "" {
		if _, err := a.apt("apt-get", "download", "-qq", pkg+":"+a.arch); err != nil {
			return "", err
		}
		if deb = find(); deb == "" {
			return "", fmt.Errorf("apt-get download %s:%s left no .deb in %s", pkg, a.arch, filepath.Join(a.dir, "debs"))
		}
	}
	dst := filepath.Join(a.dir, "unpacked", strings.TrimSuffix(filepath.Base(deb), ".deb"))
	if _, err := os.Stat(dst); err == nil {
		return dst, nil
	}
	tmp := dst + ".tmp"
	os.RemoveAll(tmp)
	if out, err := exec.CommandContext(a.ctx, "dpkg-deb", "-x", deb, tmp).CombinedOutput(); err != nil {
		return "", fmt.Errorf("dpkg-deb -x %s: %w\n%s", deb, err, out)
	}
	return dst, os.Rename(tmp, dst)
}

// add adds the files of pkgs, moving /bin, /sbin and /lib under /usr as
// Debian's merged /usr has them (Debian 12's packages still ship them at
// the top).
func (a *archDebs) add(r *rootfs, pkgs []string, keep func(string) bool) error {
	for _, pkg := range pkgs {
		dir, err := a.unpacked(pkg)
		if err != nil {
			return err
		}
		err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(dir, p)
			name := mergedPath(filepath.ToSlash(rel))
			if rel == "." || name == "" || !keep("/"+name) {
				return nil
			}
			return r.hostAs(p, name)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// loader: libc6 ships the loader of a foreign architecture among its files.
func (a *archDebs) loader(*rootfs) error { return nil }

// mergedPath is where a package's path lies on a merged-/usr system; ""
// for the top directories themselves, which are links there.
func mergedPath(rel string) string {
	top, rest, _ := strings.Cut(rel, "/")
	switch top {
	case "bin", "sbin", "lib", "lib32", "lib64", "libx32":
		if rest == "" {
			return ""
		}
		return "usr/" + rel
	}
	return rel
}

// goToolchain returns the GOROOT of Go release version (go1.26.8) for
// linux/arch: the golang.org/toolchain module (what GOTOOLCHAIN downloads),
// fetched through the module proxy into the module cache. The module
// cache keeps no execute bits; builderRecipe sets them.
func goToolchain(ctx context.Context, goBin, version, arch string) (string, error) {
	mod := "golang.org/toolchain@v0.0.1-" + version + ".linux-" + arch
	c := exec.CommandContext(ctx, goBin, "mod", "download", "-json", mod)
	c.Dir = os.TempDir() // outside any module
	out, err := c.Output()
	var dl struct{ Dir, Error string }
	if jerr := json.Unmarshal(out, &dl); err != nil || jerr != nil || dl.Dir == "" {
		return "", fmt.Errorf("go mod download %s: %v %v %s", mod, err, jerr, dl.Error)
	}
	return dl.Dir, nil
}

// emulatedCache is the directory of the emulated stand-ins' downloads.
func emulatedCache() (string, error) {
	if d := os.Getenv("DOCKGEN_E2E_EMULATED_CACHE"); d != "" {
		return d, nil
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "dockgen", "e2e-emulated"), nil
}

// EnsureEmulated makes the stand-in of ref for linux/ARCH from that
// architecture's own files, under the name as: the builder (Debian's gcc
// and libc6-dev of ARCH, the Go toolchain of ARCH, of this machine's Go
// release) and the distroless images (base and cc carry ARCH's glibc). Its
// commands run under QEMU. Alpine has none: its busybox would be this
// machine's.
func (s *Standins) EnsureEmulated(ctx context.Context, ref, as, arch string) error {
	k, err := classify(ref)
	if err != nil {
		return err
	}
	if k == kindAlpine {
		return fmt.Errorf("stand-in %s: no emulated stand-in for alpine (its busybox would be this machine's)", ref)
	}
	cache, err := emulatedCache()
	if err != nil {
		return err
	}
	src, err := newArchDebs(ctx, cache, arch)
	if err != nil {
		return err
	}
	var fsys *rootfs
	var changes []string
	if k == kindBuilder {
		version, err := goVersion(s.GOROOT)
		if err != nil {
			return err
		}
		goBin := filepath.Join(s.GOROOT, "bin", "go")
		goroot, err := goToolchain(ctx, goBin, version, arch)
		if err != nil {
			return err
		}
		fsys, changes, err = builderRecipe(src, goroot)
		if err != nil {
			return err
		}
	} else if fsys, changes, err = s.recipe(k, ref, src); err != nil {
		return err
	}
	return s.load(ctx, fsys, changes, as, arch, "emulated")
}

// qemuNames are binfmt_misc's names for QEMU of a GOARCH.
var qemuNames = map[string]string{"arm64": "qemu-aarch64", "amd64": "qemu-x86_64"}

// CanEmulate says whether this machine runs arch's binaries, in containers
// too: QEMU registered with binfmt_misc with the F flag (the kernel opens
// the interpreter at registration, so it need not exist in the container).
func CanEmulate(arch string) error {
	name := filepath.Join("/proc/sys/fs/binfmt_misc", qemuNames[arch])
	data, err := os.ReadFile(name)
	if err != nil {
		return fmt.Errorf("no QEMU registered for %s (%v): install qemu-user-static (.ci/docker-setup does)", arch, err)
	}
	text := string(data)
	flags := ""
	for _, line := range strings.Split(text, "\n") {
		if f, ok := strings.CutPrefix(line, "flags: "); ok {
			flags = f
		}
	}
	if !strings.HasPrefix(text, "enabled") || !strings.Contains(flags, "F") {
		return fmt.Errorf("%s: QEMU for %s is disabled or registered without the F flag (flags %q), so containers cannot use it", name, arch, flags)
	}
	return nil
}

// Retag gives the images in names (name → image) those names for the time
// of a build, and restore gives back what the names had before. The
// Dockerfile then stays as dockgen wrote it, though this daemon keeps one
// platform per name. If a run dies in between, the next Ensure finds the
// wrong recipe label under the name and makes the stand-in again.
func (d *Docker) Retag(ctx context.Context, names map[string]string) (restore func(), err error) {
	before := map[string]string{}
	restore = func() {
		ctx := context.WithoutCancel(ctx)
		for name := range names {
			if id, ok := before[name]; ok && id != "" {
				d.Run(ctx, "tag", id, name)
			} else if ok {
				d.Run(ctx, "rmi", name) // only the name: the image keeps its own
			}
		}
	}
	for name, img := range names {
		old, ok, err := d.InspectImage(ctx, name)
		if err != nil {
			restore()
			return nil, err
		}
		before[name] = ""
		if ok {
			before[name] = old.ID
		}
		if _, err := d.Run(ctx, "tag", img, name); err != nil {
			restore()
			return nil, err
		}
	}
	return restore, nil
}

// EmulatedName is the name of ref's emulated stand-in for arch.
func EmulatedName(ref, arch string) string {
	return strings.Replace(ForeignName(ref, arch), ":standin", ":emulated", 1)
}
