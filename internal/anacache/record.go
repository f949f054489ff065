package anacache

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Which file system an input was read from.
const (
	projectFS  = 0
	modCacheFS = 1
)

// racyWindow is how close to the start of an analysis a file's
// modification (or change) time may be for its size and times not to tell
// a later edit apart: file systems with a coarse clock give an edit made
// in the same second the same time. Such files are recorded with a hash of
// their contents, as git does for its racily clean index entries.
const racyWindow = 2 * time.Second

// input is one path an analysis looked at, and what it saw there. A path
// looked at several times (stated, then read) has one input holding all.
type input struct {
	FS      uint8
	Path    string
	Missing bool   // the path did not exist (or a parent was not a directory)
	Mode    uint32 // fs.FileMode type bits, when it exists
	// Read says the contents were read: Size, MTime, CTime and Ino then
	// identify them, and Hash too for a racy file.
	Read         bool
	Size         int64
	MTime, CTime int64 // nanoseconds
	Ino          uint64
	Hash         []byte
	// Listed says the directory was read: Entries are its names and types.
	Listed  bool
	Entries []dirent
}

type dirent struct {
	Name string
	Mode uint32
}

// inputKey names an input: the file system and the path in it.
type inputKey struct {
	fs   uint8
	path string
}

// envVar is one environment variable the analysis read, with its value.
type envVar struct{ Name, Value string }

// recorder collects the inputs of one analysis, from many goroutines.
type recorder struct {
	start time.Time
	mu    sync.Mutex
	seen  map[inputKey]*input
	env   map[string]string
	// unstorable says why the inputs cannot be validated later (an error
	// other than a missing file, a path that changed while being read):
	// the analysis is then not stored.
	unstorable string
}

func newRecorder(start time.Time) *recorder {
	return &recorder{start: start, seen: map[inputKey]*input{}, env: map[string]string{}}
}

func (r *recorder) getenv(getenv func(string) string) func(string) string {
	return func(name string) string {
		v := getenv(name)
		r.mu.Lock()
		r.env[name] = v
		r.mu.Unlock()
		return v
	}
}

// note merges what was seen at one path into its input.
func (r *recorder) note(kind uint8, name string, set func(in *input)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	k := inputKey{kind, name}
	in := r.seen[k]
	if in == nil {
		in = &input{FS: kind, Path: name}
		r.seen[k] = in
		set(in)
		return
	}
	before := *in
	set(in)
	if !sameLook(before, *in) {
		r.fail(fmt.Sprintf("%s changed during the analysis", name))
	}
}

// sameLook reports whether two looks at a path saw the same: an input
// that changed while the analysis read it has no one state to check.
func sameLook(a, b input) bool {
	switch {
	case a.Missing != b.Missing || a.Mode != b.Mode:
		return false
	case a.Read && (a.Size != b.Size || a.MTime != b.MTime || a.CTime != b.CTime || a.Ino != b.Ino || !bytes.Equal(a.Hash, b.Hash)):
		return false
	case a.Listed && !slices.Equal(a.Entries, b.Entries):
		return false
	}
	return true
}

func (r *recorder) fail(reason string) {
	if r.unstorable == "" {
		r.unstorable = reason
	}
}

// failed records an error from fsys at name: a missing path is an input
// like any other, any other error makes the analysis unstorable.
func (r *recorder) failed(kind uint8, name string, err error) {
	if isMissing(err) {
		r.note(kind, name, func(in *input) { in.Missing = true })
		return
	}
	r.mu.Lock()
	r.fail(fmt.Sprintf("%s: %v", name, err))
	r.mu.Unlock()
}

// isMissing reports whether err says a path does not exist, or that one
// of its parents is not a directory: both stay true until the tree changes.
func isMissing(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR)
}

// inputs returns the inputs in path order.
func (r *recorder) inputs() []input {
	out := make([]input, 0, len(r.seen))
	for _, in := range r.seen {
		out = append(out, *in)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].FS != out[j].FS {
			return out[i].FS < out[j].FS
		}
		return out[i].Path < out[j].Path
	})
	return out
}

func (r *recorder) envVars() []envVar {
	out := make([]envVar, 0, len(r.env))
	for k, v := range r.env {
		out = append(out, envVar{k, v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// recFS is fsys with every look recorded. It implements the fs interfaces
// the analyzer uses, so none of them reaches fsys unrecorded.
type recFS struct {
	r    *recorder
	fsys fs.FS
	kind uint8
}

// moduleRoot returns the module@version directory name lies in, when fsys
// is the module cache: its contents never change once extracted (the go
// command's module index relies on it too), so the root, with the marker
// of an extraction under way (noteRoot), stands for every path below it.
func (f recFS) moduleRoot(name string) (string, bool) {
	if f.kind != modCacheFS {
		return "", false
	}
	i := strings.IndexByte(name, '@')
	if i < 0 || strings.HasPrefix(name, "cache/") {
		return "", false
	}
	if j := strings.IndexByte(name[i:], '/'); j >= 0 {
		return name[:i+j], true
	}
	return name, true
}

// noteRoot records the module root of name, once, before anything below
// it is looked at; it reports whether name lies in one.
//
// Since Go 1.16 the go command extracts a module in place, between
// creating and removing cache/download/PATH/@v/VERSION.partial: a root
// that exists next to that marker may still be filling. The marker is
// stated after the root and before any path below it is read, and the
// root is noted last (other goroutines read below it without looking
// again once it is noted), so that an analysis that read a module while
// it was extracted has the marker among its inputs, and misses once the
// marker is gone.
func (f recFS) noteRoot(name string) bool {
	root, ok := f.moduleRoot(name)
	if !ok {
		return false
	}
	f.r.mu.Lock()
	_, done := f.r.seen[inputKey{f.kind, root}]
	f.r.mu.Unlock()
	if !done {
		info, err := fs.Stat(f.fsys, root)
		if err == nil {
			marker := partialMarker(root)
			minfo, merr := fs.Stat(f.fsys, marker)
			f.noteStat(marker, minfo, merr)
		}
		f.noteStat(root, info, err)
	}
	return true
}

// partialMarker names the file the go command keeps while it extracts the
// module root (module@version) in place.
func partialMarker(root string) string {
	path, version, _ := strings.Cut(root, "@")
	return "cache/download/" + path + "/@v/" + version + ".partial"
}

func (f recFS) Open(name string) (fs.File, error) {
	if f.noteRoot(name) {
		return f.fsys.Open(name)
	}
	file, err := f.fsys.Open(name)
	if err != nil {
		f.r.failed(f.kind, name, err)
		return nil, err
	}
	info, err := file.Stat()
	if err != nil {
		file.Close()
		f.r.failed(f.kind, name, err)
		return nil, err
	}
	if info.IsDir() {
		if _, err := f.ReadDir(name); err != nil {
			file.Close()
			return nil, err
		}
		return file, nil
	}
	in := input{Read: true, Mode: uint32(info.Mode().Type()) | modeExists, Size: info.Size(), MTime: info.ModTime().UnixNano()}
	in.CTime, in.Ino = sysTimes(info)
	if !f.r.racy(in) {
		f.r.note(f.kind, name, func(dst *input) { copyRead(dst, in) })
		return file, nil
	}
	// A racy file is read whole now, and the analysis reads these bytes:
	// the hash is of exactly what it saw.
	data, err := io.ReadAll(file)
	file.Close()
	if err != nil {
		f.r.failed(f.kind, name, err)
		return nil, err
	}
	sum := sha256.Sum256(data)
	in.Hash = sum[:]
	f.r.note(f.kind, name, func(dst *input) { copyRead(dst, in) })
	return &memFile{Reader: bytes.NewReader(data), info: info}, nil
}

func copyRead(dst *input, src input) {
	dst.Mode, dst.Read, dst.Size, dst.MTime, dst.CTime, dst.Ino, dst.Hash = src.Mode, true, src.Size, src.MTime, src.CTime, src.Ino, src.Hash
}

// racy reports whether a file's times are too close to the start of the
// analysis to tell an edit apart.
func (r *recorder) racy(in input) bool {
	limit := r.start.Add(-racyWindow).UnixNano()
	return in.MTime >= limit || in.CTime >= limit
}

func (f recFS) ReadFile(name string) ([]byte, error) {
	file, err := f.Open(name)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	return io.ReadAll(file)
}

// Stat records only the type of what it finds: the analyzer asks a stat
// whether a path is a file or a directory, never its size or time (a file
// whose contents matter is read). An embedded asset edited is then no miss.
func (f recFS) Stat(name string) (fs.FileInfo, error) {
	if f.noteRoot(name) {
		return fs.Stat(f.fsys, name)
	}
	info, err := fs.Stat(f.fsys, name)
	f.noteStat(name, info, err)
	return info, err
}

// noteStat records the type of name, or that it is missing.
func (f recFS) noteStat(name string, info fs.FileInfo, err error) {
	if err != nil {
		f.r.failed(f.kind, name, err)
		return
	}
	f.r.note(f.kind, name, func(in *input) { in.Mode = uint32(info.Mode().Type()) | modeExists })
}

func (f recFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if f.noteRoot(name) {
		return fs.ReadDir(f.fsys, name)
	}
	entries, err := fs.ReadDir(f.fsys, name)
	if err != nil {
		f.r.failed(f.kind, name, err)
		return nil, err
	}
	f.r.note(f.kind, name, func(in *input) {
		in.Mode = uint32(fs.ModeDir) | modeExists
		in.Listed = true
		in.Entries = direntsOf(entries)
	})
	return entries, nil
}

func direntsOf(entries []fs.DirEntry) []dirent {
	out := make([]dirent, len(entries))
	for i, e := range entries {
		out[i] = dirent{e.Name(), uint32(e.Type())}
	}
	return out
}

// modeExists marks Mode as set for a regular file, whose type bits are 0.
const modeExists = uint32(fs.ModeTemporary)

// memFile serves a file read whole.
type memFile struct {
	*bytes.Reader
	info fs.FileInfo
}

func (m *memFile) Stat() (fs.FileInfo, error) { return m.info, nil }
func (m *memFile) Close() error               { return nil }
