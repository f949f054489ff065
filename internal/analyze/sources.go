package analyze

import (
	"bytes"
	"io"
	"io/fs"
	"strings"
	"sync"
)

// Each Go file is read once. go/build opens a file to read its package
// clause, imports and build constraints; the analyzer reads the whole file
// at that moment and keeps what the facts will need later, so that
// scanPackage never opens it again:
//
//   - a file of the project's own code is kept whole, to be parsed for
//     facts;
//   - a dependency's file (module cache or vendor/, alike) is kept only
//     when a cheap byte scan finds a selector a need rule could match
//     (mentionsNeed); the others are known not to hold a fact.
//
// Test files are passed through unread beyond their imports: no fact
// comes from them. A file's entry is dropped once its package is scanned.

// source is what was kept of one Go file.
type source struct {
	data []byte // nil: a dependency file that mentions no need
}

// sources holds the files read so far, by fs and path.
type sources struct {
	mu    sync.Mutex
	files map[string]source
}

// opener returns an OpenFile for go/build over fsys that keeps what facts
// need; kind names fsys in the keys ("local", "mod").
func (a *analyzer) opener(fsys fs.FS, kind string) func(string) (io.ReadCloser, error) {
	return func(name string) (io.ReadCloser, error) {
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") || a.opts.MainsOnly {
			return fsys.Open(name)
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		a.stats.filesRead.Add(1)
		kept := source{}
		if kind == "local" && !isVendored(name) || mentionsNeed(data) {
			kept.data = data
		}
		a.src.mu.Lock()
		a.src.files[kind+":"+name] = kept
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

// isVendored reports whether a project path lies in vendor/.
func isVendored(name string) bool { return strings.HasPrefix(name, "vendor/") }
