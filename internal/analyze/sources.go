package analyze

import (
	"bytes"
	"io"
	"io/fs"
	"regexp"
	"strings"
	"sync"
)

// Each of the project's own Go files is read once. go/build opens a file
// to read its package clause, imports and build constraints; for the
// project's own code the analyzer reads the whole file at that moment and
// keeps it when it can hold a fact (canHoldFact, or a package whose string
// variables are version variables), so that scanPackage parses it without
// opening it again. The others are read again only if value tracing needs
// their assignments, which keeps memory to the files that matter.
//
// Dependency files (module cache or vendor/, alike) are read by go/build
// up to their imports only. scanPackage then reads whole only those that
// import a package a need rule is about (needImports), and parses those in
// which a byte scan finds a need selector (mentionsNeed).
//
// Test files are passed through unread beyond their imports: no fact
// comes from them. A file's entry is dropped once its package is scanned.

// source is what was kept of one Go file.
type source struct {
	data []byte // nil when the file cannot hold a fact
}

// sources holds the files read so far, by fs and path.
type sources struct {
	mu    sync.Mutex
	files map[string]source
	// generate holds the project files that have a //go:generate
	// directive, by path: generateFacts reads no other package.
	generate map[string]bool
}

// opener returns an OpenFile for go/build over fsys that keeps what facts
// need; kind names fsys in the keys ("local", "mod").
func (a *analyzer) opener(fsys fs.FS, kind string) func(string) (io.ReadCloser, error) {
	return func(name string) (io.ReadCloser, error) {
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") || a.opts.MainsOnly || kind != "local" || isVendored(name) {
			return fsys.Open(name)
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		a.stats.filesRead.Add(1)
		kept := source{}
		if canHoldFact(data) || isVersionPkg(packageName(data)) {
			kept.data = data
		}
		a.src.mu.Lock()
		a.src.files[kind+":"+name] = kept
		if bytes.Contains(data, generateDirective) {
			a.src.generate[name] = true
		}
		a.src.mu.Unlock()
		return io.NopCloser(bytes.NewReader(data)), nil
	}
}

// take returns what was kept of a file and forgets it; ok is false when
// go/build never opened it.
func (a *analyzer) take(kind, name string) (source, bool) {
	a.src.mu.Lock()
	defer a.src.mu.Unlock()
	s, ok := a.src.files[kind+":"+name]
	delete(a.src.files, kind+":"+name)
	return s, ok
}

// hasGenerate reports whether a project file read by go/build has a
// //go:generate directive.
func (a *analyzer) hasGenerate(name string) bool {
	a.src.mu.Lock()
	defer a.src.mu.Unlock()
	return a.src.generate[name]
}

// isVendored reports whether a project path lies in vendor/.
func isVendored(name string) bool { return strings.HasPrefix(name, "vendor/") }

// packageClauseRE finds a file's package clause.
var packageClauseRE = regexp.MustCompile(`(?m)^package[ \t]+([A-Za-z_][A-Za-z0-9_]*)`)

// packageName returns the name in a file's package clause, "" if none is
// found.
func packageName(src []byte) string {
	if m := packageClauseRE.FindSubmatch(src); m != nil {
		return string(m[1])
	}
	return ""
}
