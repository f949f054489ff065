package analyze

import (
	"fmt"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// knownCgoModules use cgo in their main packages. They are consulted only
// when a dependency's source is not on disk.
var knownCgoModules = []string{
	"github.com/mattn/go-sqlite3",
	"github.com/mattn/go-oci8",
	"github.com/confluentinc/confluent-kafka-go",
	"github.com/DataDog/zstd",
	"github.com/linxGnu/grocksdb",
	"github.com/tecbot/gorocksdb",
	"github.com/google/gopacket",
	"github.com/miekg/pkcs11",
	"github.com/go-gl/glfw",
	"gopkg.in/gographics/imagick.v3",
	"github.com/h2non/bimg",
	"github.com/davidbyttow/govips",
	"github.com/rjeczalik/notify",
	"github.com/boltdb/bolt",
}

// describeMain walks the import closure of a main package and gathers its
// facts.
func (a *analyzer) describeMain(res *resolver, m *pkg) Main {
	out := Main{
		ImportPath: m.importPath,
		Dir:        m.dir,
		Binary:     BinaryName(m.importPath),
	}
	start := time.Now()
	closure, tzdataBy := a.closure(res, m)
	a.noteOwn(closure)
	a.linked = make(map[string]bool, len(closure))
	for _, p := range closure {
		a.linked[p.importPath] = true
	}
	a.phase("closure", start)
	if tzdataBy != "" {
		out.Needs.TZEmbedded = true
		out.Evidence = append(out.Evidence, Evidence{Fact: FactTZData, Pos: tzdataBy, Detail: "imports time/tzdata: the binary carries its own zoneinfo"})
	}
	start = time.Now()
	facts := make([]*pkgFacts, len(closure))
	parallel(len(closure), func(i int) { facts[i] = a.factsOf(closure[i]) })
	a.phase("facts", start)

	var embedPkgs []*pkg
	missing := false // a dependency's source is not on disk
	for _, p := range closure {
		if p.bp == nil {
			missing = missing || isMissing(p)
			if mod := knownCgo(p.module); mod != "" {
				out.Cgo = true
				out.CgoPackages = append(out.CgoPackages, p.importPath)
				out.Evidence = append(out.Evidence, Evidence{Fact: FactCgo, Pos: p.importPath, Detail: fmt.Sprintf("source not on disk; module %s is known to use cgo", mod)})
			}
			continue
		}
		if len(p.bp.CgoFiles) > 0 {
			out.CgoLibs = append(out.CgoLibs, cgoLibs(p.bp.CgoPkgConfig, p.bp.CgoLDFLAGS)...)
			out.CgoCXX = out.CgoCXX || len(p.bp.CXXFiles) > 0
			out.Cgo = true
			out.CgoPackages = append(out.CgoPackages, p.importPath)
			out.Evidence = append(out.Evidence, Evidence{Fact: FactCgo, Pos: a.pkgPos(p, p.bp.CgoFiles[0]), Detail: fmt.Sprintf("package %s imports \"C\"", p.importPath)})
		}
		if p.local {
			for _, g := range a.generateFacts(res, p) {
				out.Generate = append(out.Generate, g)
				out.Evidence = append(out.Evidence, Evidence{Fact: FactGenerate, Pos: g.Pos, Detail: fmt.Sprintf("%s uses %s, which no file defines: //go:generate %s must run first", p.importPath, strings.Join(g.Undefined, ", "), g.Command)})
			}
			out.LocalDirs = append(out.LocalDirs, p.dir)
			for _, list := range [][]string{p.bp.GoFiles, p.bp.CgoFiles, p.bp.CFiles, p.bp.CXXFiles, p.bp.HFiles, p.bp.SFiles, p.bp.MFiles, p.bp.FFiles, p.bp.SysoFiles} {
				for _, f := range list {
					out.LocalFiles = append(out.LocalFiles, path.Join(p.dir, f))
				}
			}
			out.NonGoFiles = append(out.NonGoFiles, nonGoFiles(p)...)
			out.CgoPaths = append(out.CgoPaths, a.cgoPaths(p)...)
			if len(p.bp.EmbedPatterns) > 0 && !strings.HasPrefix(p.dir, "vendor/") {
				embedPkgs = append(embedPkgs, p)
			}
		}
	}
	if out.Cgo && len(out.CgoPackages) > 0 {
		a.cgoWithoutCgo(res.withoutCgo(), m, &out)
	}
	if !out.Cgo && missing {
		if len(a.cgoSuspects) > 0 {
			out.Cgo, out.CgoAssumed = true, true
			out.Evidence = append(out.Evidence, Evidence{Fact: FactCgo, Pos: "go.mod", Detail: fmt.Sprintf("cgo assumed: dependency sources are not on disk, and the module graph holds %s, which use cgo", strings.Join(a.cgoSuspects, ", "))})
		} else {
			out.CgoUnchecked = true
			out.Evidence = append(out.Evidence, Evidence{Fact: FactCgo, Pos: "go.mod", Detail: "cgo unchecked: dependency sources are not on disk, and no module known to use cgo is in go.mod or go.sum"})
		}
	}
	sort.Strings(out.CgoPackages)
	slices.Sort(out.CgoLibs)
	out.CgoLibs = slices.Compact(out.CgoLibs)
	sort.Strings(out.LocalDirs)
	sort.Strings(out.LocalFiles)
	slices.Sort(out.NonGoFiles)
	out.NonGoFiles = slices.Compact(out.NonGoFiles)
	slices.Sort(out.CgoPaths)
	out.CgoPaths = slices.Compact(out.CgoPaths)
	devOnly := a.mergeFacts(&out, facts)
	start = time.Now()
	a.resolveEmbeds(&out, embedPkgs)
	a.phase("embeds", start)
	dropEmbeddedDevFiles(&out, devOnly)
	return out
}

// nonGoFiles lists the non-Go source files of a local package for every
// platform: what go/build reports for linux/amd64, and the non-Go sources
// it set aside for build constraints (IgnoredOtherFiles), which another
// target platform compiles.
func nonGoFiles(p *pkg) []string {
	var out []string
	bp := p.bp
	for _, list := range [][]string{bp.CFiles, bp.CXXFiles, bp.HFiles, bp.SFiles, bp.MFiles, bp.FFiles, bp.SwigFiles, bp.SwigCXXFiles, bp.SysoFiles, bp.IgnoredOtherFiles} {
		for _, f := range list {
			out = append(out, path.Join(p.dir, f))
		}
	}
	return out
}

// cgoPathFlags are the compiler and linker flags whose value is a path,
// longest first so that -isystem is not read as -i.
var cgoPathFlags = []string{"-isystem", "-iquote", "-include", "-I", "-L"}

// cgoPaths lists the files and directories of the project that the #cgo
// flags of a local package name (-I${SRCDIR}/include, -L${SRCDIR}/lib,
// ${SRCDIR}/lib/libx.a). go/build has replaced ${SRCDIR} with the package
// directory and then joined relative -I and -L values to it once more, so
// a value is tried as it is and with one package directory taken off.
func (a *analyzer) cgoPaths(p *pkg) []string {
	bp := p.bp
	var out []string
	for _, list := range [][]string{bp.CgoCFLAGS, bp.CgoCPPFLAGS, bp.CgoCXXFLAGS, bp.CgoFFLAGS, bp.CgoLDFLAGS} {
		for _, flag := range list {
			val := flag
			for _, f := range cgoPathFlags {
				if rest, ok := strings.CutPrefix(flag, f); ok {
					val = rest
					break
				}
			}
			for _, c := range []string{val, strings.TrimPrefix(val, p.dir+"/")} {
				c = path.Clean(c)
				if c == "." || c == p.dir || c == ".." || strings.HasPrefix(c, "../") || !fs.ValidPath(c) {
					continue // the package's own files are listed already; outside the project is not ours
				}
				if _, err := fs.Stat(a.fsys, c); err == nil && !slices.Contains(out, c) {
					out = append(out, c)
				}
			}
		}
	}
	return out
}

// isMissing reports whether a dependency package could not be read because
// its source is not on disk (rather than having no Go files for linux).
func isMissing(p *pkg) bool {
	return p.bp == nil && !p.local && p.dir == ""
}

// knownCgoStubs are modules whose packages build with cgo off into a stub
// that fails at run time ("go-sqlite3 requires cgo to work. This is a
// stub"): a closure that reaches them needs cgo although it compiles.
var knownCgoStubs = []string{"github.com/mattn/go-sqlite3"}

// cgoWithoutCgo evaluates the closure of m again with cgo off, as
// CGO_ENABLED=0 go build would. When it builds without reaching a
// run-time stub, the cgo packages have pure-Go fallbacks: cgo is optional,
// and off. Otherwise out keeps Cgo, with the reason.
func (a *analyzer) cgoWithoutCgo(res *resolver, m *pkg, out *Main) {
	mm := res.loadLocal(m.dir, m.importPath, "")
	closure, _ := a.closure(res, mm)
	inClosure := map[string]bool{}
	for _, p := range closure {
		switch {
		case p.bp == nil && isMissing(p) && knownCgo(p.module) != "":
			return // a known cgo module whose source is missing: assume it is needed
		case p.bp == nil && !isMissing(p) && p.dir != "":
			// Every Go file needs cgo (or none is for linux): the build fails.
			out.Evidence = append(out.Evidence, Evidence{Fact: FactCgo, Pos: p.importPath, Detail: fmt.Sprintf("with cgo off, package %s has no Go files to build: cgo is needed", p.importPath)})
			return
		case isKnownStub(p.importPath):
			out.Evidence = append(out.Evidence, Evidence{Fact: FactCgo, Pos: p.importPath, Detail: fmt.Sprintf("with cgo off, %s builds a stub that fails at run time: cgo is needed", p.importPath)})
			return
		}
		inClosure[p.importPath] = true
	}
	out.Cgo, out.CgoOptional = false, true
	for _, cp := range out.CgoPackages {
		how := "is not imported with cgo off"
		if inClosure[cp] {
			how = "builds from its files for !cgo"
		}
		out.Evidence = append(out.Evidence, Evidence{Fact: FactCgo, Pos: cgoPos(out.Evidence, cp), Detail: fmt.Sprintf("cgo optional: pure-Go fallback used (%s %s)", cp, how)})
	}
}

// isKnownStub reports whether importPath is provided by a module of
// knownCgoStubs.
func isKnownStub(importPath string) bool {
	return slices.ContainsFunc(knownCgoStubs, func(k string) bool { return within(importPath, k) })
}

// cgoPos returns where the cgo of package cp was seen.
func cgoPos(ev []Evidence, cp string) string {
	for _, e := range ev {
		if e.Fact == FactCgo && e.Detail == fmt.Sprintf("package %s imports \"C\"", cp) {
			return e.Pos
		}
	}
	return cp
}

// knownCgoListed returns the known cgo modules that the project's module
// graph holds: required in go.mod (indirect too), or listed in go.sum with
// the hash of their source (not only of their go.mod).
func (a *analyzer) knownCgoListed(p *Project) []string {
	var out []string
	add := func(modPath string) {
		if k := knownCgo(modPath); k != "" && !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	for _, r := range p.Requires {
		add(r.Path)
	}
	for _, f := range p.ModFiles {
		if base := path.Base(f); base != "go.sum" && base != "go.work.sum" {
			continue
		}
		data, err := fs.ReadFile(a.fsys, f)
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(data), "\n") {
			fields := strings.Fields(line)
			if len(fields) == 3 && !strings.HasSuffix(fields[1], "/go.mod") {
				add(fields[0])
			}
		}
	}
	sort.Strings(out)
	return out
}

// closure returns the non-standard packages in the import closure of m,
// m first, in breadth-first order with imports in sorted order (the same
// order whatever the parallelism), and the first package importing
// time/tzdata. Each level of the walk is resolved and loaded in parallel.
func (a *analyzer) closure(res *resolver, m *pkg) ([]*pkg, string) {
	seen := map[string]bool{m.importPath: true}
	all := []*pkg{m}
	level := []*pkg{m}
	tzdataBy := ""
	for len(level) > 0 {
		var imports []string
		for _, p := range level {
			if p.bp == nil {
				continue
			}
			for _, imp := range p.bp.Imports {
				if imp == "C" || seen[imp] {
					continue
				}
				seen[imp] = true
				if imp == "time/tzdata" && tzdataBy == "" {
					tzdataBy = p.importPath
				}
				imports = append(imports, imp)
			}
		}
		next := make([]*pkg, len(imports))
		parallel(len(imports), func(i int) { next[i] = res.resolve(imports[i]) })
		level = level[:0:0]
		for _, q := range next {
			if q != nil { // nil: the standard library
				level = append(level, q)
			}
		}
		all = append(all, level...)
	}
	return all, tzdataBy
}

// parallel calls fn(0) … fn(n-1) on GOMAXPROCS goroutines.
func parallel(n int, fn func(int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for i := 0; i < n; i++ {
			fn(i)
		}
		return
	}
	var wg sync.WaitGroup
	var next atomic.Int64
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				fn(i)
			}
		}()
	}
	wg.Wait()
}

// systemLibs come with the C library every cgo build links anyway.
var systemLibs = []string{"c", "m", "pthread", "dl", "rt", "resolv"}

// cgoLibs returns the external libraries named by #cgo pkg-config and
// -l flags.
func cgoLibs(pkgConfig, ldflags []string) []string {
	var out []string
	for _, pc := range pkgConfig {
		if !strings.HasPrefix(pc, "-") {
			out = append(out, pc+" (pkg-config)")
		}
	}
	for _, f := range ldflags {
		if lib, ok := strings.CutPrefix(f, "-l"); ok && lib != "" && !slices.Contains(systemLibs, lib) {
			out = append(out, "lib"+lib)
		}
	}
	return out
}

// knownCgo returns the known cgo module that provides modPath, if any.
func knownCgo(modPath string) string {
	for _, k := range knownCgoModules {
		if within(modPath, k) {
			return k
		}
	}
	return ""
}

// pkgPos names a file of a package for evidence.
func (a *analyzer) pkgPos(p *pkg, file string) string {
	if p.local {
		return path.Join(p.dir, file)
	}
	return p.importPath + "/" + file
}

// factsOf scans a package once, however many mains import it, even when
// they ask at the same time.
func (a *analyzer) factsOf(p *pkg) *pkgFacts {
	a.mu.Lock()
	if a.facts == nil {
		a.facts = map[*pkg]*onceFacts{}
	}
	e, ok := a.facts[p]
	if !ok {
		e = &onceFacts{}
		a.facts[p] = e
	}
	a.mu.Unlock()
	e.once.Do(func() { e.facts = a.scanPackage(p) })
	if !e.facts.perMain() {
		return e.facts
	}
	// Its values came from the importers linked into a binary: they hold
	// for every binary that links in the same importers of the packages
	// tracing asked, else the package is traced again for this one.
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, f := range append([]*pkgFacts{e.facts}, e.variants...) {
		if a.linkedImporters(f.consulted) == f.linked {
			return f
		}
	}
	f := a.scanPackage(p)
	a.stats.rescans.Add(1)
	e.variants = append(e.variants, f)
	return f
}

// onceFacts holds the facts of one package, computed once; for a package
// whose facts depend on the importers linked in, once more for each other
// set of them (variants).
type onceFacts struct {
	once     sync.Once
	facts    *pkgFacts
	mu       sync.Mutex
	variants []*pkgFacts
}

// mergeFacts folds the facts of the closure's packages into m.
//
// It returns the run-time files read only on a development path (inside an
// if on a dev or debug setting), for dropEmbeddedDevFiles.
func (a *analyzer) mergeFacts(m *Main, facts []*pkgFacts) (devOnly map[string]bool) {
	mg := merger{m: m, devOnly: map[string]bool{}, seenPort: map[int]bool{}, seenVar: map[string]bool{}, seenPath: map[string]bool{}, health: map[string]Evidence{}}
	mg.r = reachOf(&a.joined, m.ImportPath, facts)
	var serves []serveFact
	var listens []listenFact
	for _, f := range facts {
		serves = append(serves, f.serves...)
		listens = append(listens, f.listens...)
	}
	mg.r.chooseCommand(serves, listens)
	a.describeServing(m, &mg.r, facts, serves)
	describeProbe(m, &mg.r, facts)
	// Files a function reads and writes back, outside development code: a
	// tool editing them in place (croc's version bump rewrites cli.go), not
	// run-time files. A file read in one place and saved in another (a
	// settings file a handler saves) is still shipped.
	edited := map[string]bool{}
	for _, f := range facts {
		for _, w := range f.writes {
			if !w.dev {
				edited[w.fn+"\x00"+w.s] = true
			}
		}
	}
	for _, f := range facts {
		mg.needs(f.needs)
		mg.ports(f.ports)
		mg.healths(f.health)
		mg.versions(f.versions)
		m.Evidence = append(m.Evidence, f.unknown...)
		for _, p := range f.paths {
			if mg.r.reached(p.fn) && !edited[p.fn+"\x00"+path.Clean(p.s)] {
				a.mergePath(&mg, p)
			}
		}
	}
	if m.Needs.TZEmbedded {
		m.Needs.TZData = false
	}
	a.configPorts(m)
	m.HealthPath = bestHealth(mg.health)
	if m.HealthPath != "" {
		m.Evidence = append(m.Evidence, mg.health[m.HealthPath])
		describeHealthPort(m, &mg.r, facts)
	}
	if m.Ports == nil {
		m.Ports = []int{}
	}
	if m.VersionVars == nil {
		m.VersionVars = []string{}
	}
	if m.RuntimeFiles == nil {
		m.RuntimeFiles = []RuntimeFile{}
	}
	m.Serves = m.Serves || len(m.Ports) > 0
	return mg.devOnly
}

// merger holds what mergeFacts has folded into a main so far.
type merger struct {
	m        *Main
	r        reach
	devOnly  map[string]bool
	seenPort map[int]bool
	seenVar  map[string]bool
	seenPath map[string]bool
	health   map[string]Evidence
}

// needs sets the needs a package's evidence names.
func (mg *merger) needs(evs []Evidence) {
	for _, ev := range evs {
		switch ev.Fact {
		case FactCACerts:
			mg.m.Needs.CACerts = true
		case FactTZData:
			mg.m.Needs.TZData = true
		case FactTmp:
			mg.m.Needs.Tmp = true
		case FactPasswd:
			mg.m.Needs.Passwd = true
		}
		mg.m.Evidence = append(mg.m.Evidence, ev)
	}
}

// ports adds the reached ports not seen yet.
func (mg *merger) ports(ports []intFact) {
	for _, p := range ports {
		if mg.r.reached(p.fn) && !mg.seenPort[p.n] {
			mg.seenPort[p.n] = true
			mg.m.Ports = append(mg.m.Ports, p.n)
			mg.m.Evidence = append(mg.m.Evidence, p.ev)
		}
	}
}

// healths keeps the first evidence of each reached health route.
func (mg *merger) healths(routes []healthFact) {
	for _, h := range routes {
		if _, ok := mg.health[h.s]; !ok && mg.r.reached(h.fn) {
			mg.health[h.s] = h.ev
		}
	}
}

// versions adds the version variables not seen yet.
func (mg *merger) versions(vars []strFact) {
	for _, v := range vars {
		if !mg.seenVar[v.s] {
			mg.seenVar[v.s] = true
			mg.m.VersionVars = append(mg.m.VersionVars, v.s)
			mg.m.Evidence = append(mg.m.Evidence, v.ev)
		}
	}
}

// mergePath adds a reached run-time path once, and keeps devOnly to the
// files read on development paths only.
func (a *analyzer) mergePath(mg *merger, p strFact) {
	rf, ok := a.runtimeFile(mg.m.Dir, p.s)
	if !ok {
		return
	}
	if p.dev && !mg.seenPath[rf.Source] {
		mg.devOnly[rf.Source] = true
	} else if !p.dev {
		delete(mg.devOnly, rf.Source)
	}
	if mg.seenPath[rf.Source] {
		return
	}
	mg.seenPath[rf.Source] = true
	mg.m.RuntimeFiles = append(mg.m.RuntimeFiles, rf)
	mg.m.Evidence = append(mg.m.Evidence, p.ev)
}

// runtimeFile finds where a path opened at run time lives in the project:
// relative to the project root, else relative to the main's directory (the
// two working directories go run is used from). Glob patterns are cut back
// to the directory before the first wildcard; paths that are not there, or
// that look like secrets, are left out.
func (a *analyzer) runtimeFile(mainDir, p string) (RuntimeFile, bool) {
	p = path.Clean(p)
	if path.IsAbs(p) {
		return a.shippedFile(mainDir, p)
	}
	if i := strings.IndexAny(p, "*?["); i >= 0 {
		p = path.Dir(p[:i+1])
	}
	if p == "." || p == ".." || strings.HasPrefix(p, "../") || looksSecret(path.Base(p)) {
		return RuntimeFile{}, false
	}
	for _, src := range []string{p, path.Join(mainDir, p)} {
		info, err := fs.Stat(a.fsys, src)
		if err == nil {
			return RuntimeFile{Path: p, Source: src, Dir: info.IsDir()}, true
		}
	}
	return RuntimeFile{}, false
}

// shippedFile finds a file opened at run time by an absolute path (a
// configuration file's default, /etc/app/app.conf) that the project ships
// under the same name at its root or in the main's directory: the image
// carries it at that path, as the binary expects. Only files with an
// extension, outside the kernel's and the run-time directories, and not
// looking like credentials.
func (a *analyzer) shippedFile(mainDir, p string) (RuntimeFile, bool) {
	base := path.Base(p)
	if path.Ext(base) == "" || looksSecret(base) || slices.ContainsFunc(notShipped, func(dir string) bool { return strings.HasPrefix(p, dir) }) {
		return RuntimeFile{}, false
	}
	for _, src := range []string{base, path.Join(mainDir, base)} {
		if info, err := fs.Stat(a.fsys, src); err == nil && !info.IsDir() {
			return RuntimeFile{Path: p, Source: src}, true
		}
	}
	return RuntimeFile{}, false
}

// notShipped are the directories whose files come from the kernel, the
// running system or the run itself, never from the project.
var notShipped = []string{"/proc/", "/sys/", "/dev/", "/run/", "/var/run/", "/tmp/", "/var/tmp/"}

// looksSecret reports whether a file name looks like it holds credentials.
func looksSecret(name string) bool {
	lower := strings.ToLower(name)
	return strings.HasPrefix(lower, ".env") || strings.HasSuffix(lower, ".pem") || strings.HasSuffix(lower, ".key") ||
		strings.HasPrefix(lower, "id_rsa") || strings.HasPrefix(lower, "id_ed25519") || lower == ".netrc"
}

// bestHealth picks the health route to report: by healthRank of its last
// element, then the shortest, then alphabetically.
func bestHealth(routes map[string]Evidence) string {
	best, bestRank := "", len(healthRank)
	for route := range routes {
		rank := len(healthRank)
		for i, name := range healthRank {
			if path.Base(route) == name {
				rank = i
				break
			}
		}
		if best == "" || rank < bestRank || rank == bestRank && (len(route) < len(best) || len(route) == len(best) && route < best) {
			best, bestRank = route, rank
		}
	}
	return best
}
