package analyze

import (
	"bytes"
	"go/token"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"
)

// Tracing values across packages. A name qualified with an own package
// (config.HTTPListen, http.DefaultAddr, conf.LoadYamlConfig(…)) is traced in
// that package, and a parameter of an exported function also takes the
// arguments of its calls in the own packages that import it
// (http.NewServer(store, c.Config.HTTP.Addr)). Only the packages a traced
// selector names (or, for parameters, that import the package) are
// opened, and in them only the files that mention the name, as within a
// package.
//
// Each package being scanned has an evalSet: its own evaluator and one per
// other package reached from it, all sharing one budget (tally), so a fact
// still takes at most evalBudget steps, and each evaluator remembers its
// names as within a package. The files of the other packages are read,
// scanned for identifiers and parsed once for the whole analysis
// (sharedDir), whichever package's scan reaches them first; a file is so
// parsed at most twice: by its own package's scan and here.
//
// Dependencies (vendor/, the module cache) are not traced into.

// crossFiles is what tracing across packages shares for the whole
// analysis.
type crossFiles struct {
	mu        sync.Mutex
	fset      *token.FileSet
	own       map[string]*pkg       // own packages by import path, from the closures
	importers map[string][]string   // import path → own packages importing it
	dirs      map[string]*sharedDir // by directory
}

// noteOwn records the own packages of a closure, so that tracing can find
// them by import path.
func (a *analyzer) noteOwn(closure []*pkg) {
	c := &a.cross
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.own == nil {
		c.own, c.importers = map[string]*pkg{}, map[string][]string{}
	}
	for _, p := range closure {
		if !p.own || p.bp == nil || c.own[p.importPath] != nil {
			continue
		}
		c.own[p.importPath] = p
		for _, imp := range p.bp.Imports {
			c.importers[imp] = append(c.importers[imp], p.importPath)
		}
	}
}

// traceAcross lets ev, the evaluator of package p, trace names into the
// module's other packages.
func (a *analyzer) traceAcross(p *pkg, ev *evaluator) {
	if !p.own {
		return
	}
	ev.pkgPath = p.importPath
	ev.set = &evalSet{a: a, byPath: map[string]*evaluator{p.importPath: ev}, tally: ev.tally, linked: a.linked}
}

// ownPackage returns the own package with that import path, nil if there
// is none.
func (a *analyzer) ownPackage(importPath string) *pkg {
	a.cross.mu.Lock()
	defer a.cross.mu.Unlock()
	return a.cross.own[importPath]
}

// importersOf returns the import paths of the own packages that import
// importPath, sorted.
func (a *analyzer) importersOf(importPath string) []string {
	a.cross.mu.Lock()
	defer a.cross.mu.Unlock()
	out := slices.Clone(a.cross.importers[importPath])
	slices.Sort(out)
	return out
}

// sharedDirOf returns the shared files of package p.
func (a *analyzer) sharedDirOf(p *pkg) *sharedDir {
	c := &a.cross
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.dirs == nil {
		c.dirs = map[string]*sharedDir{}
		c.fset = token.NewFileSet()
	}
	d, ok := c.dirs[p.dir]
	if !ok {
		d = &sharedDir{a: a, dir: p.dir, fset: c.fset, files: map[string]*sharedFile{}}
		c.dirs[p.dir] = d
	}
	return d
}

// evalSet holds the evaluators one package's scan traces names with: its
// own, and those of the other own packages reached. Like an evaluator, it
// is used by one goroutine.
type evalSet struct {
	a         *analyzer
	tally     *tally                // one budget for the whole set
	byPath    map[string]*evaluator // nil: not an own package
	importers map[string][]*evaluator
	linked    map[string]bool // the closure of the main being described
	consulted []string        // the packages whose importers were asked for
	decode    *decodeTable    // viper's defaults and decoded fields, nil until asked (decode.go)
}

// get returns the evaluator of the own package importPath, nil for a
// package that is not the project's.
func (s *evalSet) get(importPath string) *evaluator {
	if ev, ok := s.byPath[importPath]; ok {
		return ev
	}
	var ev *evaluator
	if p := s.a.ownPackage(importPath); p != nil {
		var names []string
		names = append(append(names, p.bp.GoFiles...), p.bp.CgoFiles...)
		ev = newEvaluator(nil, names, make([][]byte, len(names)))
		ev.pkgPath = importPath
		ev.shared = s.a.sharedDirOf(p)
		ev.set, ev.tally = s, s.tally
	}
	s.byPath[importPath] = ev
	return ev
}

// other returns the evaluator of another own package, nil when importPath
// is not one or ev traces within its package only.
func (ev *evaluator) other(importPath string) *evaluator {
	if ev.set == nil {
		return nil
	}
	return ev.set.get(importPath)
}

// importers returns the evaluators of the own packages that import ev's
// and are linked into the main being described: another binary's calls
// pass it nothing here.
func (ev *evaluator) importers() []*evaluator {
	if ev.set == nil {
		return nil
	}
	s := ev.set
	if s.importers == nil {
		s.importers = map[string][]*evaluator{}
	}
	out, ok := s.importers[ev.pkgPath]
	if !ok {
		for _, path := range s.a.importersOf(ev.pkgPath) {
			if !s.linked[path] {
				continue
			}
			if o := s.get(path); o != nil {
				out = append(out, o)
			}
		}
		s.importers[ev.pkgPath] = out
		// Asked for, even with none linked in: another binary may link
		// some in.
		s.consulted = append(s.consulted, ev.pkgPath)
	}
	return out
}

// linkedImporters says, for each of the packages, which of its importers
// are linked into the main being described: what the values traced from
// importers' calls depend on.
func (a *analyzer) linkedImporters(paths []string) string {
	var b strings.Builder
	for _, p := range paths {
		b.WriteString(p)
		b.WriteByte('<')
		for _, imp := range a.importersOf(p) {
			if a.linked[imp] {
				b.WriteString(imp)
				b.WriteByte(' ')
			}
		}
		b.WriteByte(';')
	}
	return b.String()
}

// sharedDir holds the files of one own package as read for tracing across
// packages, each read, scanned and parsed once whatever goroutine asks.
type sharedDir struct {
	a     *analyzer
	dir   string
	fset  *token.FileSet
	mu    sync.Mutex
	files map[string]*sharedFile
}

// sharedFile is one file of a sharedDir.
type sharedFile struct {
	read, parse sync.Once
	src         []byte // nil when unreadable
	index       *fileIndex

	mu    sync.Mutex
	words map[string]bool // mentions' answers: each evaluator asks again
}

func (d *sharedDir) file(name string) *sharedFile {
	d.mu.Lock()
	defer d.mu.Unlock()
	f, ok := d.files[name]
	if !ok {
		f = &sharedFile{}
		d.files[name] = f
	}
	return f
}

// loaded returns the file, read and scanned for identifiers.
func (d *sharedDir) loaded(name string) *sharedFile {
	f := d.file(name)
	f.read.Do(func() {
		data, err := fs.ReadFile(d.a.fsys, path.Join(d.dir, name))
		if err != nil {
			return
		}
		d.a.stats.filesRead.Add(1)
		f.src = data
	})
	return f
}

// mentions reports whether a file has word as an identifier-like run of
// bytes.
// The answer is kept: every evaluator that has not parsed the file asks
// again (x/tools+gopls: 358,000 questions, 18,000 distinct).
func (d *sharedDir) mentions(name, word string) bool {
	f := d.loaded(name)
	f.mu.Lock()
	defer f.mu.Unlock()
	has, ok := f.words[word]
	if !ok {
		has = hasWord(f.src, word)
		if f.words == nil {
			f.words = map[string]bool{}
		}
		f.words[word] = has
	}
	return has
}

// hasWord reports whether src holds word as a whole identifier-like run.
func hasWord(src []byte, word string) bool {
	for i := 0; ; {
		k := bytes.Index(src[i:], []byte(word))
		if k < 0 {
			return false
		}
		start, end := i+k, i+k+len(word)
		if (start == 0 || !isIdentByte(src[start-1])) && (end == len(src) || !isIdentByte(src[end])) {
			return true
		}
		i = start + 1
	}
}

// index returns a file parsed and indexed.
func (d *sharedDir) index(name string) *fileIndex {
	f := d.loaded(name)
	f.parse.Do(func() {
		f.index = noIndex
		if f.src != nil {
			d.a.stats.filesParsed.Add(1)
			f.index = indexFile(d.fset, path.Join(d.dir, name), f.src)
		}
	})
	return f.index
}

// seed gives the shared directory the content of a file already read (by
// go/build's opener), so that it is not read again.
func (d *sharedDir) seed(name string, src []byte) {
	f := d.file(name)
	f.read.Do(func() { f.src = src })
}

// forget drops the shared files of the package in dir once its own scan is
// done: its syntax trees are not kept for the rest of the analysis, even
// those that tracing from other packages parsed before; tracing into it
// later parses again only the files that mention the traced name. So the
// parse count depends on the order of the scans; the facts do not. A
// package whose facts hold per main (perMain) may be scanned again for
// another main: its files are kept for that.
//
// Directories no scan of their own has forgotten stay for the whole
// analysis: dropped after each main's facts, the later mains that traced
// into the same directories parsed them again (loki: 3,705 parses of 1,436
// files; CPU 6.9 -> 4.7 s kept, peak RSS within noise).
func (c *crossFiles) forget(dir string, perMain bool) {
	if perMain {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.dirs, dir)
}
