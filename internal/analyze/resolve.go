package analyze

import (
	"fmt"
	"go/build"
	"path"
	"sort"
	"strings"
	"sync"

	"golang.org/x/mod/module"
)

// pkg is one loaded package.
type pkg struct {
	importPath string
	dir        string // in the project fs when local, else in the module cache
	local      bool   // in the project fs (a module, a local replace, vendor)
	own        bool   // the project's own code (a module, a local replace), not vendor/
	module     string // the module that provides it ("" for project modules)
	bp         *build.Package
	err        error
	needFiles  map[string]bool // files that import a package a need rule is about
}

// loadLocal loads the package in dir of the project; module names the
// module that provides it when it is not a project module (vendor/, a
// local replace).
func (a *analyzer) loadLocal(dir, importPath, module string) *pkg {
	return a.load("local:"+dir, func() *pkg {
		bp, err := a.ctx.ImportDir(dir, 0)
		return &pkg{importPath: importPath, dir: dir, local: true, own: !isVendored(dir), module: module, bp: okPackage(bp, err), err: err}
	})
}

// load returns the package cached under key, loading it once even when
// several goroutines ask at the same time.
func (a *analyzer) load(key string, fn func() *pkg) *pkg {
	a.mu.Lock()
	e, ok := a.packages[key]
	if !ok {
		e = &oncePkg{}
		a.packages[key] = e
	}
	a.mu.Unlock()
	e.once.Do(func() {
		e.p = fn()
		e.p.trim()
		a.stats.packages.Add(1)
	})
	return e.p
}

// trim keeps of the go/build package only what the analysis reads, and
// turns the import positions into needFiles: on a repository of thousands
// of packages, the positions of every import of every file (tests
// included) were most of the memory.
func (p *pkg) trim() {
	bp := p.bp
	if bp == nil {
		return
	}
	p.needFiles = needFiles(bp)
	bp.ImportPos, bp.TestImportPos, bp.XTestImportPos = nil, nil, nil
	bp.TestImports, bp.XTestImports, bp.TestGoFiles, bp.XTestGoFiles = nil, nil, nil, nil
	bp.TestEmbedPatterns, bp.XTestEmbedPatterns, bp.TestEmbedPatternPos, bp.XTestEmbedPatternPos = nil, nil, nil, nil
	bp.IgnoredGoFiles, bp.InvalidGoFiles = nil, nil // IgnoredOtherFiles: LocalFiles lists them
	bp.Directives, bp.TestDirectives, bp.XTestDirectives = nil, nil, nil
}

// oncePkg holds one package, loaded once.
type oncePkg struct {
	once sync.Once
	p    *pkg
}

// okPackage keeps what go/build found unless nothing was read: the
// directory is missing, or has no Go files for this platform.
func okPackage(bp *build.Package, err error) *build.Package {
	if err == nil {
		return bp
	}
	if errNoGo(err) || bp == nil || len(bp.GoFiles)+len(bp.CgoFiles)+len(bp.IgnoredGoFiles)+len(bp.InvalidGoFiles) == 0 {
		return nil
	}
	return bp
}

// resolver finds the package behind an import path the way the go command
// does in module mode: workspace modules, the standard library, vendor/,
// replace directives, then the module cache through the requirements.
type resolver struct {
	a        *analyzer
	mods     []Module          // project modules, longest path first
	requires map[string]string // module path → version
	vendor   bool
	noCgo    bool // evaluate build constraints with cgo off

	mu      sync.Mutex
	missing map[string]Missing // by "module@version" (or import path): not on disk
	outside map[string]Missing // by "module => target": replace targets outside the project
}

func (a *analyzer) newResolver(p *Project) *resolver {
	r := &resolver{
		a:        a,
		mods:     append([]Module(nil), p.Modules...),
		requires: map[string]string{},
		vendor:   p.Vendor,
		missing:  map[string]Missing{},
		outside:  map[string]Missing{},
	}
	sort.SliceStable(r.mods, func(i, j int) bool { return len(r.mods[i].Path) > len(r.mods[j].Path) })
	for _, req := range p.Requires {
		r.requires[req.Path] = req.Version
	}
	for old := range a.replaces {
		if _, ok := r.requires[old]; !ok {
			r.requires[old] = ""
		}
	}
	return r
}

// isStd reports whether an import path names a standard library package:
// its first element has no dot.
func isStd(importPath string) bool {
	first, _, _ := strings.Cut(importPath, "/")
	return !strings.Contains(first, ".")
}

// within reports whether importPath is modPath or below it.
func within(importPath, modPath string) bool {
	return importPath == modPath || strings.HasPrefix(importPath, modPath+"/")
}

// resolve returns the package for importPath, or nil for the standard
// library and for packages whose source is not available (recorded for the
// warnings).
func (r *resolver) resolve(importPath string) *pkg {
	for _, m := range r.mods {
		if within(importPath, m.Path) {
			return r.loadLocal(path.Join(m.Dir, strings.TrimPrefix(importPath, m.Path)), importPath, "")
		}
	}
	if isStd(importPath) {
		return nil
	}
	if r.vendor {
		p := r.loadLocal(path.Join("vendor", importPath), importPath, r.moduleOf(importPath))
		if p.bp == nil {
			r.noteMissing(fmt.Sprintf("%s (not in vendor/)", importPath), Missing{Path: importPath, Reason: "not in vendor/"})
		}
		return p
	}
	modPath := r.moduleOf(importPath)
	if modPath == "" {
		r.noteMissing(fmt.Sprintf("%s (no requirement provides it)", importPath), Missing{Path: importPath, Reason: "no requirement provides it"})
		return &pkg{importPath: importPath}
	}
	rest := strings.TrimPrefix(importPath, modPath)
	if rep, ok := r.a.replaces[modPath]; ok {
		if rep.version == "" {
			if strings.HasPrefix(rep.dir, "../") || path.IsAbs(rep.dir) || rep.dir == ".." {
				r.mu.Lock()
				r.outside[modPath+" => "+rep.path] = Missing{Path: modPath, Reason: "replaced by " + rep.path + ", outside the analyzed directory"}
				r.mu.Unlock()
				return &pkg{importPath: importPath, module: modPath}
			}
			p := r.loadLocal(path.Join(rep.dir, rest), importPath, modPath)
			return p
		}
		return r.fromCache(importPath, rep.path, rep.version, rest, modPath)
	}
	return r.fromCache(importPath, modPath, r.requires[modPath], rest, modPath)
}

// moduleOf returns the required module that provides importPath: the
// longest required path it is within, found by looking its prefixes up
// (a repository with hundreds of requirements resolves thousands of
// imports).
func (r *resolver) moduleOf(importPath string) string {
	for p := importPath; p != ""; {
		if _, ok := r.requires[p]; ok {
			return p
		}
		i := strings.LastIndexByte(p, '/')
		if i < 0 {
			break
		}
		p = p[:i]
	}
	return ""
}

// fromCache loads a dependency package from the module cache.
func (r *resolver) fromCache(importPath, modPath, version, rest, required string) *pkg {
	if r.a.modCtx == nil {
		r.noteMissing(modPath+"@"+version, Missing{Path: modPath, Version: version, Reason: "not on disk"})
		return &pkg{importPath: importPath, module: required}
	}
	escPath, err1 := module.EscapePath(modPath)
	escVer, err2 := module.EscapeVersion(version)
	if err1 != nil || err2 != nil || version == "" {
		r.noteMissing(modPath+"@"+version, Missing{Path: modPath, Version: version, Reason: "not on disk"})
		return &pkg{importPath: importPath, module: required}
	}
	dir := path.Join(escPath+"@"+escVer, rest)
	ctx, key := r.a.modCtx, "mod:"
	if r.noCgo {
		ctx, key = r.a.modCtxNoCgo, "nocgo-mod:"
	}
	p := r.a.load(key+dir, func() *pkg {
		bp, err := ctx.ImportDir(dir, 0)
		return &pkg{importPath: importPath, dir: dir, module: required, bp: okPackage(bp, err), err: err}
	})
	if p.bp == nil && !r.a.modCtx.IsDir(path.Join(escPath+"@"+escVer)) {
		r.noteMissing(modPath+"@"+version, Missing{Path: modPath, Version: version, Reason: "not on disk"})
	}
	return p
}

// loadLocal loads a package of the project with the resolver's cgo
// setting.
func (r *resolver) loadLocal(dir, importPath, module string) *pkg {
	if !r.noCgo {
		return r.a.loadLocal(dir, importPath, module)
	}
	return r.a.load("nocgo-local:"+dir, func() *pkg {
		bp, err := r.a.ctxNoCgo.ImportDir(dir, 0)
		return &pkg{importPath: importPath, dir: dir, local: true, module: module, bp: okPackage(bp, err), err: err}
	})
}

// withoutCgo returns a resolver that evaluates build constraints with cgo
// off, as CGO_ENABLED=0 go build does. What it cannot find is not
// reported: the resolver with cgo on reports it.
func (r *resolver) withoutCgo() *resolver {
	return &resolver{
		a:        r.a,
		mods:     r.mods,
		requires: r.requires,
		vendor:   r.vendor,
		noCgo:    true,
		missing:  map[string]Missing{},
		outside:  map[string]Missing{},
	}
}

func (r *resolver) noteMissing(what string, m Missing) {
	r.mu.Lock()
	r.missing[what] = m
	r.mu.Unlock()
}

// incomplete lists what could not be read, in a stable order: missing
// sources, then replace targets outside the project.
func (r *resolver) incomplete() []Missing {
	out := []Missing{}
	for _, set := range []map[string]Missing{r.missing, r.outside} {
		keys := make([]string, 0, len(set))
		for k := range set {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			out = append(out, set[k])
		}
	}
	return out
}

// warnings lists what could not be read, in a stable order.
func (r *resolver) warnings() []string {
	var out []string
	var miss []string
	for m := range r.missing {
		miss = append(miss, m)
	}
	sort.Strings(miss)
	if len(miss) > 0 {
		out = append(out, fmt.Sprintf("dependency source not on disk, so cgo and run-time needs inside it were not checked: %s (run go mod download, or pass --download)", strings.Join(miss, ", ")))
	}
	var outs []string
	for o := range r.outside {
		outs = append(outs, o)
	}
	sort.Strings(outs)
	for _, o := range outs {
		out = append(out, fmt.Sprintf("replace %s points outside the analyzed directory; its packages were not read", o))
	}
	return out
}
