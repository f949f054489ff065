package analyze

import (
	"errors"
	"fmt"
	"go/build"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"golang.org/x/mod/module"
)

// Options tunes an analysis. The zero value analyzes for linux/amd64 with
// no module cache and an empty environment.
type Options struct {
	// Root names the analyzed directory in messages ("examples/hello").
	// Empty means ".".
	Root string
	// GOOS and GOARCH select the platform whose build constraints apply;
	// empty means linux and amd64, the platform of the images dockgen
	// writes.
	GOOS, GOARCH string
	// ModCache is the module cache to read dependency sources from (the
	// directory GOMODCACHE names), or nil when dependencies are not on disk.
	ModCache fs.FS
	// Getenv reads GOPRIVATE and GONOPROXY; nil reads nothing.
	Getenv func(string) string
	// ModulesOnly stops after reading go.mod and go.work: the module
	// facts only, no packages (Mains is empty).
	ModulesOnly bool
	// MainsOnly stops after finding the main packages: no import closure,
	// no run-time facts (Main has ImportPath, Dir and Binary only).
	MainsOnly bool
	// Trace, when not nil, receives the time spent per phase and the
	// work done.
	Trace *Trace
}

// DefaultModCache returns the module cache directory the go command would use
// (GOMODCACHE, else the first GOPATH entry's pkg/mod, else ~/go/pkg/mod)
// without running it.
func DefaultModCache(getenv func(string) string) string {
	if dir := getenv("GOMODCACHE"); dir != "" {
		return dir
	}
	if gp := getenv("GOPATH"); gp != "" {
		return filepath.Join(filepath.SplitList(gp)[0], "pkg", "mod")
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	return filepath.Join(home, "go", "pkg", "mod")
}

// analyzer holds the state of one analysis.
type analyzer struct {
	fsys   fs.FS
	opts   Options
	ctx    *build.Context // reads the project
	modCtx *build.Context // reads the module cache
	// ctxNoCgo and modCtxNoCgo read them with cgo off, for the question
	// whether a closure with cgo packages builds without cgo.
	ctxNoCgo, modCtxNoCgo *build.Context
	// cgoSuspects are the modules known to use cgo that go.mod requires or
	// go.sum lists with their source: what a missing source may hide.
	cgoSuspects []string
	replaces    map[string]replaceTarget

	mu       sync.Mutex
	entries  map[string][]fs.DirEntry // directory listings from the walk
	packages map[string]*oncePkg      // loaded packages by location key
	facts    map[*pkg]*onceFacts      // scanned packages
	src      sources                  // what facts need of the files read
	joined   joinedGraph              // the call graphs of the packages scanned
	gens     map[*pkg][]Generate      // generateFacts by package
	cross    crossFiles               // tracing values across own packages
	// linked holds the import paths of the closure of the main being
	// described: a value passed in from an importer counts only when that
	// importer is linked into this binary. Set before its facts are
	// scanned, read by the scans.
	linked map[string]bool

	stats stats
}

// replaceTarget is the right-hand side of a replace directive.
type replaceTarget struct {
	path, version string
	dir           string // target joined to the directory of its go.mod
}

// Analyze reads the module or workspace at the root of fsys and reports what
// it found. Errors name the file and line at fault.
func Analyze(fsys fs.FS, opts Options) (*Project, error) {
	if opts.GOOS == "" {
		opts.GOOS = "linux"
	}
	if opts.GOARCH == "" {
		opts.GOARCH = "amd64"
	}
	if opts.Getenv == nil {
		opts.Getenv = func(string) string { return "" }
	}
	a := &analyzer{
		fsys:     fsys,
		opts:     opts,
		replaces: map[string]replaceTarget{},
		entries:  map[string][]fs.DirEntry{},
		packages: map[string]*oncePkg{},
		src:      sources{files: map[string]source{}, generate: map[string]bool{}},
	}
	a.ctx = newBuildContext(a.cachedFS(), a.opener(fsys, "local"), opts.GOOS, opts.GOARCH, true)
	a.ctxNoCgo = newBuildContext(a.cachedFS(), a.opener(fsys, "local"), opts.GOOS, opts.GOARCH, false)
	if opts.ModCache != nil {
		a.modCtx = newBuildContext(opts.ModCache, a.opener(opts.ModCache, "mod"), opts.GOOS, opts.GOARCH, true)
		a.modCtxNoCgo = newBuildContext(opts.ModCache, a.opener(opts.ModCache, "mod"), opts.GOOS, opts.GOARCH, false)
	}

	defer a.finishTrace()

	p := &Project{}
	start := time.Now()
	if err := a.readModules(p); err != nil {
		return nil, err
	}
	p.Private = a.privateModules(p)
	p.ModFiles = a.modFiles(p)
	unsummed, err := a.unsummed(p)
	if err != nil {
		return nil, err
	}
	p.Unsummed = unsummed
	a.phase("modules", start)
	if opts.ModulesOnly {
		return p, nil
	}
	start = time.Now()
	dirs, err := a.findPackageDirs(p.Modules)
	if err != nil {
		return nil, err
	}
	a.phase("walk", start)
	start = time.Now()
	mains, err := a.findMains(p, dirs)
	if err != nil {
		return nil, err
	}
	a.phase("mains", start)
	if opts.MainsOnly {
		for _, m := range mains {
			p.Mains = append(p.Mains, Main{ImportPath: m.importPath, Dir: m.dir, Binary: BinaryName(m.importPath)})
		}
		return p, nil
	}
	a.cgoSuspects = a.knownCgoListed(p)
	res := a.newResolver(p)
	for _, m := range mains {
		p.Mains = append(p.Mains, a.describeMain(res, m))
	}
	p.Warnings = res.warnings()
	p.Incomplete = res.incomplete()
	if p.Requires == nil {
		p.Requires = []Require{}
	}
	if p.Replaces == nil {
		p.Replaces = []Replace{}
	}
	if p.Private == nil {
		p.Private = []string{}
	}
	if p.Warnings == nil {
		p.Warnings = []string{}
	}
	if p.Incomplete == nil {
		p.Incomplete = []Missing{}
	}
	return p, nil
}

// display names a file of the project in messages.
func (a *analyzer) display(name string) string {
	if a.opts.Root != "" && a.opts.Root != "." {
		name = path.Join(filepath.ToSlash(a.opts.Root), name)
	}
	// A name from go.work may hold any character: escaped, the message
	// stays one line.
	if strings.ContainsFunc(name, func(r rune) bool { return !unicode.IsPrint(r) }) {
		q := strconv.Quote(name)
		name = q[1 : len(q)-1]
	}
	return name
}

// rootName names the analyzed directory in messages.
func (a *analyzer) rootName() string {
	if a.opts.Root == "" {
		return "."
	}
	return a.opts.Root
}

func (a *analyzer) isFile(name string) bool {
	info, err := fs.Stat(a.fsys, name)
	return err == nil && info.Mode().IsRegular()
}

// pkgDir is a directory found by the walk that holds .go files, with the
// module it belongs to.
type pkgDir struct {
	dir string // relative to the root, slash separated
	mod Module
}

// findPackageDirs walks every module and returns the directories that hold
// .go files, skipping what the go command's ./... skips: directories named
// testdata or vendor, names starting with . or _, and nested modules.
func (a *analyzer) findPackageDirs(mods []Module) ([]pkgDir, error) {
	isModRoot := map[string]bool{}
	for _, m := range mods {
		isModRoot[m.Dir] = true
	}
	var out []pkgDir
	var walk func(dir string, mod Module) error
	walk = func(dir string, mod Module) error {
		entries, err := fs.ReadDir(a.fsys, dir)
		if err != nil {
			if dir == mod.Dir {
				return fmt.Errorf("reading %s: %w", a.display(dir), err)
			}
			return nil // unreadable subdirectory: the go command skips it too
		}
		a.mu.Lock()
		a.entries[dir] = entries
		a.mu.Unlock()
		hasGo := false
		var subdirs []string
		for _, e := range entries {
			name := e.Name()
			if e.IsDir() {
				if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata" || name == "vendor" {
					continue
				}
				subdirs = append(subdirs, path.Join(dir, name))
				continue
			}
			if strings.HasSuffix(name, ".go") && e.Type().IsRegular() {
				hasGo = true
			}
		}
		if hasGo && module.CheckImportPath(importPathFor(mod, dir)) == nil {
			// go list skips directories whose import path is invalid
			// ("cmd/my app"): nothing there can be built by path.
			out = append(out, pkgDir{dir: dir, mod: mod})
		}
		for _, sub := range subdirs {
			if isModRoot[sub] || a.isFile(path.Join(sub, "go.mod")) {
				continue // another module: walked on its own, or not part of the build
			}
			if err := walk(sub, mod); err != nil {
				return err
			}
		}
		return nil
	}
	for _, m := range mods {
		if err := walk(m.Dir, m); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// cachedFS serves directory listings the walk already read, so that go/build
// does not read each directory twice.
func (a *analyzer) cachedFS() fs.FS { return cachedDirFS{a} }

type cachedDirFS struct{ a *analyzer }

func (c cachedDirFS) Open(name string) (fs.File, error) { return c.a.fsys.Open(name) }

func (c cachedDirFS) ReadDir(name string) ([]fs.DirEntry, error) {
	c.a.mu.Lock()
	entries, ok := c.a.entries[name]
	c.a.mu.Unlock()
	if ok {
		return entries, nil
	}
	return fs.ReadDir(c.a.fsys, name)
}

func (c cachedDirFS) Stat(name string) (fs.FileInfo, error) { return fs.Stat(c.a.fsys, name) }

// findMains loads the package in every directory (in parallel) and keeps
// those named main that have non-test Go files, in directory order.
func (a *analyzer) findMains(p *Project, dirs []pkgDir) ([]*pkg, error) {
	loaded := make([]*pkg, len(dirs))
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				d := dirs[i]
				loaded[i] = a.loadLocal(d.dir, importPathFor(d.mod, d.dir), "")
			}
		}()
	}
	for i := range dirs {
		next <- i
	}
	close(next)
	wg.Wait()

	var mains []*pkg
	for _, lp := range loaded {
		if lp.bp == nil || lp.bp.Name != "main" || len(lp.bp.GoFiles)+len(lp.bp.CgoFiles) == 0 {
			continue
		}
		mains = append(mains, lp)
	}
	sort.Slice(mains, func(i, j int) bool { return mains[i].dir < mains[j].dir })
	if len(mains) == 0 {
		return nil, fmt.Errorf("%w in %s (looked in %s)", ErrNoMain, a.rootName(), describeModules(p.Modules))
	}
	return mains, nil
}

func describeModules(mods []Module) string {
	var names []string
	for _, m := range mods {
		names = append(names, m.Path)
	}
	return strings.Join(names, ", ")
}

// importPathFor returns the import path of the package in dir, inside mod.
func importPathFor(mod Module, dir string) string {
	if dir == mod.Dir {
		return mod.Path
	}
	rel := strings.TrimPrefix(dir, mod.Dir+"/")
	if mod.Dir == "." {
		rel = dir
	}
	return mod.Path + "/" + rel
}

// BinaryName returns the file name go build gives the executable of the main
// package at importPath: its last element, or the one before a /vN major
// version suffix.
func BinaryName(importPath string) string {
	dir, elem := path.Split(importPath)
	if elem != importPath && isVersionElement(elem) {
		_, elem = path.Split(path.Clean(dir))
	}
	return elem
}

// isVersionElement reports whether s is a major version suffix (v2, v3, …),
// as the go command defines it.
func isVersionElement(s string) bool {
	if len(s) < 2 || s[0] != 'v' || s[1] == '0' || s[1] == '1' && len(s) == 2 {
		return false
	}
	for i := 1; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// errNoGo reports whether err says a directory has no buildable Go files.
func errNoGo(err error) bool {
	var noGo *build.NoGoError
	return errors.As(err, &noGo)
}
