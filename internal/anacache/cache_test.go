package anacache

import (
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/dockgen/dockgen/internal/analyze"
	"github.com/dockgen/dockgen/internal/exampletest"
)

// long ago is a modification time outside the racy window.
var longAgo = time.Now().Add(-time.Hour).Truncate(time.Second)

// synthetic is a module with a local package, a dependency in the module
// cache that needs CA certificates, and a listen call.
func synthetic() (project, modCache fstest.MapFS) {
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s), ModTime: longAgo} }
	project = fstest.MapFS{
		"go.mod":           file("module example.org/svc\n\ngo 1.26.0\n\nrequire example.org/dep v1.0.0\n"),
		"main.go":          file("package main\n\nimport (\n\t\"net/http\"\n\n\t\"example.org/dep\"\n\t\"example.org/svc/internal/x\"\n)\n\nfunc main() { dep.Get(); x.X(); http.ListenAndServe(\":8080\", nil) }\n"),
		"internal/x/x.go":  file("package x\n\nfunc X() {}\n"),
		"internal/x/x2.go": file("package x\n\nfunc Y() {}\n"),
	}
	modCache = fstest.MapFS{
		"example.org/dep@v1.0.0/go.mod": file("module example.org/dep\n"),
		"example.org/dep@v1.0.0/dep.go": file("package dep\n\nimport \"net/http\"\n\nfunc Get() { http.Get(\"https://example.org\") }\n"),
	}
	return project, modCache
}

// env is an environment for a test.
type env map[string]string

func (e env) get(k string) string { return e[k] }

func request(project, modCache fstest.MapFS, e env) Request {
	req := Request{Dir: "/src/svc", FS: project, Options: analyze.Options{Getenv: e.get}}
	if modCache != nil {
		req.ModCacheDir, req.Options.ModCache = "/mod", modCache
	}
	return req
}

// analyzeBoth answers req through c and afresh, fails when they differ,
// and returns the outcome.
func analyzeBoth(t *testing.T, c *Cache, req Request) Outcome {
	t.Helper()
	got, out, err := c.Analyze(req)
	if err != nil {
		t.Fatalf("%v (outcome %s)", err, out)
	}
	want, err := analyze.Analyze(req.FS, req.Options)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("cached analysis (%s) differs from a fresh one:\n got %+v\nwant %+v", out, got, want)
	}
	return out
}

func newCache(t *testing.T) *Cache { return &Cache{Dir: t.TempDir(), Build: "test"} }

// TestHitIsTheAnalysis: the second analysis of an unchanged tree is a hit,
// deep-equal to a fresh analysis (Main.LocalFiles included), on every
// example with its module cache and on a synthetic module.
func TestHitIsTheAnalysis(t *testing.T) {
	for _, dir := range exampletest.Dirs(t) {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			mc := exampletest.ModCache(t, dir)
			c := newCache(t)
			req := Request{Dir: dir, ModCacheDir: mc, FS: os.DirFS(dir), Options: analyze.Options{Root: filepath.Base(dir), ModCache: os.DirFS(mc)}}
			if out := analyzeBoth(t, c, req); out.Hit || out.Reason != "no entry" || out.NotStored != "" {
				t.Errorf("first analysis: %s, want a stored miss (no entry)", out)
			}
			if out := analyzeBoth(t, c, req); !out.Hit || out.Inputs == 0 {
				t.Errorf("second analysis: %s, want a hit", out)
			}
		})
	}
	t.Run("synthetic", func(t *testing.T) {
		project, modCache := synthetic()
		c := newCache(t)
		analyzeBoth(t, c, request(project, modCache, nil))
		if out := analyzeBoth(t, c, request(project, modCache, nil)); !out.Hit {
			t.Errorf("second analysis: %s, want a hit", out)
		}
	})
}

// TestMiss: every change of an input is a miss naming it, and the answer
// is the fresh analysis of the changed tree.
func TestMiss(t *testing.T) {
	tests := []struct {
		name   string
		before func(project, modCache fstest.MapFS, e env) // before the first analysis
		change func(project, modCache fstest.MapFS, e env)
		reason string
	}{
		{"edit with the same size and a new time", nil, func(p, _ fstest.MapFS, _ env) {
			p["internal/x/x.go"] = &fstest.MapFile{Data: []byte("package x\n\nfunc Z() {}\n"), ModTime: longAgo.Add(time.Second)}
		}, "internal/x/x.go changed"},
		{"racy edit with the same size and time", func(p, _ fstest.MapFS, _ env) {
			p["internal/x/x.go"].ModTime = time.Now()
		}, func(p, _ fstest.MapFS, _ env) {
			p["internal/x/x.go"] = &fstest.MapFile{Data: []byte("package x\n\nfunc Z() {}\n"), ModTime: p["internal/x/x.go"].ModTime}
		}, "internal/x/x.go changed"},
		{"file added to a package", nil, func(p, _ fstest.MapFS, _ env) {
			p["internal/x/x3.go"] = &fstest.MapFile{Data: []byte("package x\n")}
		}, "internal/x/x3.go added"},
		{"file removed", nil, func(p, _ fstest.MapFS, _ env) {
			delete(p, "internal/x/x2.go")
		}, "internal/x/x2.go removed"},
		{"go.work appears", nil, func(p, _ fstest.MapFS, _ env) {
			p["go.work"] = &fstest.MapFile{Data: []byte("go 1.26.0\n\nuse .\n")}
		}, "go.work added"},
		{"vendor/modules.txt appears", func(p, _ fstest.MapFS, _ env) {
			p["vendor/example.org/dep/dep.go"] = &fstest.MapFile{Data: []byte("package dep\n\nfunc Get() {}\n")}
		}, func(p, _ fstest.MapFS, _ env) {
			p["vendor/modules.txt"] = &fstest.MapFile{Data: []byte("# example.org/dep v1.0.0\n## explicit\nexample.org/dep\n")}
		}, "vendor/modules.txt added"},
		{"module source downloaded", func(_, mc fstest.MapFS, _ env) {
			for name := range mc {
				delete(mc, name)
			}
		}, func(_, mc fstest.MapFS, _ env) {
			_, full := synthetic()
			for name, f := range full {
				mc[name] = f
			}
		}, "example.org/dep@v1.0.0 added"},
		{"module extraction finished", func(_, mc fstest.MapFS, _ env) {
			delete(mc, "example.org/dep@v1.0.0/dep.go")
			mc[depPartial] = &fstest.MapFile{}
		}, func(_, mc fstest.MapFS, _ env) {
			_, full := synthetic()
			mc["example.org/dep@v1.0.0/dep.go"] = full["example.org/dep@v1.0.0/dep.go"]
			delete(mc, depPartial)
		}, depPartial + " removed"},
		{"GOPRIVATE", nil, func(_, _ fstest.MapFS, e env) { e["GOPRIVATE"] = "example.org" }, "$GOPRIVATE changed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			project, modCache := synthetic()
			e := env{}
			if tt.before != nil {
				tt.before(project, modCache, e)
			}
			c := newCache(t)
			analyzeBoth(t, c, request(project, modCache, e))
			tt.change(project, modCache, e)
			out := analyzeBoth(t, c, request(project, modCache, e))
			if out.Hit || out.Reason != tt.reason {
				t.Errorf("after the change: %s, want a miss (%s)", out, tt.reason)
			}
			if out := analyzeBoth(t, c, request(project, modCache, e)); !out.Hit {
				t.Errorf("the changed tree again: %s, want a hit", out)
			}
		})
	}
}

// TestRacySettles: a racy file's hash is checked while its time is
// within the window, and dropped by the first hit after it.
func TestRacySettles(t *testing.T) {
	project, modCache := synthetic()
	project["main.go"].ModTime = time.Now()
	c := newCache(t)
	req := request(project, modCache, nil)
	analyzeBoth(t, c, req)
	hashed := func() int {
		e, reason := load(filepath.Join(c.Dir, c.key(req)))
		if e == nil {
			t.Fatal(reason)
		}
		n := 0
		for _, in := range e.Inputs {
			if in.Hash != nil {
				n++
			}
		}
		return n
	}
	if n := hashed(); n != 1 {
		t.Fatalf("%d inputs hashed, want main.go", n)
	}
	project["main.go"].ModTime = time.Now().Add(-2 * racyWindow)
	analyzeBoth(t, c, req) // a miss: main.go's time changed
	if out := analyzeBoth(t, c, req); !out.Hit || hashed() != 0 {
		t.Errorf("%s with %d hashes, want a hit with none", out, hashed())
	}
}

// TestCorruptEntry: an entry that does not decode is a miss, analysed
// afresh without an error, and replaced.
func TestCorruptEntry(t *testing.T) {
	project, modCache := synthetic()
	req := request(project, modCache, nil)
	for name, spoil := range map[string]func([]byte) []byte{
		"truncated":  func(b []byte) []byte { return b[:len(b)/2] },
		"bit flip":   func(b []byte) []byte { b[len(b)-3] ^= 1; return b },
		"empty":      func([]byte) []byte { return nil },
		"other file": func([]byte) []byte { return []byte("not an entry") },
	} {
		t.Run(name, func(t *testing.T) {
			c := newCache(t)
			analyzeBoth(t, c, req)
			file := filepath.Join(c.Dir, c.key(req))
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(file, spoil(data), 0o600); err != nil {
				t.Fatal(err)
			}
			if out := analyzeBoth(t, c, req); out.Hit || out.Reason != "corrupt entry" {
				t.Errorf("%s, want a miss (corrupt entry)", out)
			}
			if out := analyzeBoth(t, c, req); !out.Hit {
				t.Errorf("%s, want a hit after the entry was replaced", out)
			}
		})
	}
}

// TestErrorNotCached: a failed analysis is not stored, and the next one
// reports the error again with its file and line.
func TestErrorNotCached(t *testing.T) {
	project, modCache := synthetic()
	project["go.mod"].Data = []byte("module example.org/svc\n\ngo 1.26.0\nbogus line\n")
	c := newCache(t)
	for i := range 2 {
		_, out, err := c.Analyze(request(project, modCache, nil))
		if err == nil || !strings.Contains(err.Error(), "go.mod:4") {
			t.Errorf("run %d: error %v, want one at go.mod:4", i, err)
		}
		if out.Hit || out.Reason != "no entry" || out.NotStored == "" {
			t.Errorf("run %d: %s, want an unstored miss (no entry)", i, out)
		}
	}
}

// TestUnusableCache: a cache directory that cannot be written is a miss
// that still answers.
func TestUnusableCache(t *testing.T) {
	blocker := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(blocker, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	project, modCache := synthetic()
	c := &Cache{Dir: filepath.Join(blocker, "cache"), Build: "test"}
	for range 2 {
		if out := analyzeBoth(t, c, request(project, modCache, nil)); out.Hit || out.NotStored == "" {
			t.Errorf("%s, want an unstored miss", out)
		}
	}
}

// TestRelativeDir: a request without an absolute directory, which the key
// needs, is analysed and not stored.
func TestRelativeDir(t *testing.T) {
	project, modCache := synthetic()
	c := newCache(t)
	for _, req := range []Request{request(project, modCache, nil), request(project, modCache, nil)} {
		req.Dir = "svc"
		if out := analyzeBoth(t, c, req); out.Hit || out.Reason != "cache off" {
			t.Errorf("%s, want the cache off", out)
		}
	}
	if entries, _ := os.ReadDir(c.Dir); len(entries) != 0 {
		t.Errorf("%d entries stored", len(entries))
	}
}

// TestKey: every option and the build identity are part of the key.
func TestKey(t *testing.T) {
	project, modCache := synthetic()
	base := request(project, modCache, nil)
	c := &Cache{Build: "a"}
	keys := map[string]string{c.key(base): "base"}
	for name, change := range map[string]func(*Cache, *Request){
		"build":        func(c *Cache, _ *Request) { c.Build = "b" },
		"dir":          func(_ *Cache, r *Request) { r.Dir = "/elsewhere" },
		"module cache": func(_ *Cache, r *Request) { r.ModCacheDir = "/mod2" },
		"root":         func(_ *Cache, r *Request) { r.Options.Root = "svc" },
		"goos":         func(_ *Cache, r *Request) { r.Options.GOOS = "darwin" },
		"goarch":       func(_ *Cache, r *Request) { r.Options.GOARCH = "arm64" },
		"modules only": func(_ *Cache, r *Request) { r.Options.ModulesOnly = true },
		"mains only":   func(_ *Cache, r *Request) { r.Options.MainsOnly = true },
	} {
		c2, req := *c, base
		change(&c2, &req)
		k := c2.key(req)
		if other, ok := keys[k]; ok {
			t.Errorf("%s: same key as %s", name, other)
		}
		keys[k] = name
	}
}

// TestPrune keeps the most recently used entries within the bounds and
// removes stale temporary files.
func TestPrune(t *testing.T) {
	c := newCache(t)
	for i := range maxEntries + 3 {
		name := filepath.Join(c.Dir, strings.Repeat("0", 60)+string(rune('a'+i%26))+string(rune('a'+i/26))+"00")
		if err := os.WriteFile(name, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
		at := longAgo.Add(time.Duration(i) * time.Minute)
		os.Chtimes(name, at, at)
	}
	tmp := filepath.Join(c.Dir, "tmp-1")
	os.WriteFile(tmp, nil, 0o600)
	os.Chtimes(tmp, longAgo, longAgo)
	c.prune()
	entries, _ := os.ReadDir(c.Dir)
	if len(entries) != maxEntries {
		t.Errorf("%d files left, want %d", len(entries), maxEntries)
	}
	if _, err := os.Stat(filepath.Join(c.Dir, strings.Repeat("0", 60)+"aa00")); err == nil {
		t.Error("the oldest entry was kept")
	}
}

// TestOpen: where the cache is, read through the given environment only.
func TestOpen(t *testing.T) {
	if c := Open(env{"DOCKGEN_CACHE_DIR": "/x", "DOCKGEN_CACHE": "off"}.get); c != nil {
		t.Errorf("DOCKGEN_CACHE=off: %+v, want no cache", c)
	}
	if c := Open(env{"DOCKGEN_CACHE_DIR": "/x"}.get); c == nil || c.Dir != "/x" || c.Build == "" {
		t.Errorf("DOCKGEN_CACHE_DIR: %+v", c)
	}
	if c := Open(env{}.get); c != nil {
		t.Errorf("an empty environment: %+v, want no cache (no directory of the person's)", c)
	}
	if runtime.GOOS == "linux" {
		if c := Open(env{"HOME": "/home/u"}.get); c == nil || c.Dir != "/home/u/.cache/dockgen/analysis" {
			t.Errorf("HOME: %+v", c)
		}
	}
}

// TestChangedWhileRead: a path that looks different on a second look
// during one analysis leaves the analysis unstored.
func TestChangedWhileRead(t *testing.T) {
	project, _ := synthetic()
	r := newRecorder(time.Now())
	f := recFS{r, project, projectFS}
	if _, err := f.ReadFile("main.go"); err != nil {
		t.Fatal(err)
	}
	if r.unstorable != "" {
		t.Fatalf("one look: %s", r.unstorable)
	}
	project["main.go"].ModTime = longAgo.Add(time.Minute)
	f.ReadFile("main.go")
	if r.unstorable != "main.go changed during the analysis" {
		t.Errorf("unstorable %q, want main.go changed during the analysis", r.unstorable)
	}
}

// depPartial is the marker the go command keeps while it extracts
// example.org/dep@v1.0.0 into the module cache.
const depPartial = "cache/download/example.org/dep/@v/v1.0.0.partial"

// extractingFS is a module cache in which the go command is extracting
// example.org/dep: the first look at anything below the module's root sees
// what is there so far, and the extraction ends right after (files in,
// marker gone).
type extractingFS struct {
	mu   sync.Mutex
	fsys fstest.MapFS
	done bool
}

const depRoot = "example.org/dep@v1.0.0"

func (x *extractingFS) look(name string) {
	if !x.done && strings.HasPrefix(name, depRoot+"/") {
		x.done = true
		_, full := synthetic()
		maps.Copy(x.fsys, full)
		delete(x.fsys, depPartial)
	}
}

func (x *extractingFS) Open(name string) (fs.File, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	defer x.look(name)
	return x.fsys.Open(name)
}

func (x *extractingFS) Stat(name string) (fs.FileInfo, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	defer x.look(name)
	return x.fsys.Stat(name)
}

func (x *extractingFS) ReadDir(name string) ([]fs.DirEntry, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	defer x.look(name)
	return x.fsys.ReadDir(name)
}

// TestMarkerBeforeRead: a path below a module root read while the go
// command extracts the module is recorded with the .partial marker as it
// was before the read (present), so that the end of the extraction is a
// miss, whichever way the path is looked at.
func TestMarkerBeforeRead(t *testing.T) {
	for name, look := range map[string]func(recFS) error{
		"open":    func(f recFS) error { _, err := f.Open(depRoot + "/go.mod"); return err },
		"stat":    func(f recFS) error { _, err := f.Stat(depRoot + "/go.mod"); return err },
		"readdir": func(f recFS) error { _, err := f.ReadDir(depRoot + "/sub"); return err },
	} {
		t.Run(name, func(t *testing.T) {
			_, mc := synthetic()
			delete(mc, depRoot+"/dep.go")
			mc[depRoot+"/sub/a.go"] = &fstest.MapFile{Data: []byte("package sub\n")}
			mc[depPartial] = &fstest.MapFile{}
			x := &extractingFS{fsys: mc}
			r := newRecorder(time.Now())
			if err := look(recFS{r, x, modCacheFS}); err != nil {
				t.Fatal(err)
			}
			if !x.done {
				t.Fatal("the extraction did not end")
			}
			var marker *input
			for _, in := range r.inputs() {
				if in.Path == depPartial {
					marker = &in
				}
			}
			if marker == nil || marker.Missing {
				t.Errorf("marker recorded as %+v, want present", marker)
			}
		})
	}
}

// TestRestoredTime: a file of the project given new contents of the same
// size and its old modification time back (tar, rsync -t, cp -p, touch -r
// do this) is a miss on a real file system, once its hash is gone (the
// first hit outside the racy window drops it): the change time and the
// inode tell the edit apart.
func TestRestoredTime(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "plan9" {
		t.Skip("no change time in the file information")
	}
	dir := t.TempDir()
	project, _ := synthetic()
	for name, f := range project {
		name = filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(name, longAgo, longAgo); err != nil {
			t.Fatal(err)
		}
	}
	c := newCache(t)
	req := Request{Dir: dir, FS: os.DirFS(dir), Options: analyze.Options{Root: dir}}
	analyzeBoth(t, c, req)
	// What the entry holds once every file has settled: no hashes.
	file := filepath.Join(c.Dir, c.key(req))
	e, reason := load(file)
	if e == nil {
		t.Fatal(reason)
	}
	for i := range e.Inputs {
		e.Inputs[i].Hash = nil
	}
	if err := c.store(file, e); err != nil {
		t.Fatal(err)
	}
	x := filepath.Join(dir, "internal", "x", "x.go")
	if err := os.WriteFile(x, []byte("package x\n\nfunc Z() {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(x, longAgo, longAgo); err != nil {
		t.Fatal(err)
	}
	if out := analyzeBoth(t, c, req); out.Hit || out.Reason != "internal/x/x.go changed" {
		t.Errorf("%s, want a miss (internal/x/x.go changed)", out)
	}
}
