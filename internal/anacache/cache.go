// Package anacache keeps analyses on disk and hands one back only while
// every input it was made from is unchanged, the way the go command's
// build cache and module index do: an analysis is a function of the files
// it read (project and module cache), the environment variables it read,
// its options and dockgen's own build, and nothing else (analyze.Ambient
// names the rest).
//
// The key is a hash of what is known before analysing: the format, the
// dockgen build, analyze.Ambient, the options, the absolute project and
// module cache directories. The entry holds the Project and every input
// the analysis looked at, with what it saw: each directory listed (names
// and types), each file read (size, modification and change times, inode;
// a hash of the contents too when those times are within two seconds of
// the analysis, when an edit could keep them), each path stated (its
// type) or found missing, each environment variable and its value. A hit
// looks at every input again. A module@version directory of the module
// cache stands for every file below it: the go command never changes one
// once extracted (while it extracts one in place, a .partial marker says
// so, and the marker is an input too).
//
// Nothing here fails the command: an unreadable, corrupt or unwritable
// cache means analysing, and analysis errors are never stored (they are
// reported again, with their file and line).
package anacache

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/dockgen/dockgen/internal/analyze"
)

// formatVersion changes when the meaning of an entry changes without its
// types changing.
const formatVersion = "dockgen analysis cache 1"

// Bounds of the cache directory: entries beyond them are removed, least
// recently used first.
const (
	maxEntries = 64
	maxBytes   = 256 << 20
)

// Cache is a directory of analyses.
type Cache struct {
	// Dir is the directory holding the entries.
	Dir string
	// Build identifies the dockgen build: an analysis made by other code
	// never matches. Executable gives it for a real run.
	Build string
}

// Request is one analysis: analyze.Analyze(FS, Options).
type Request struct {
	// Dir is the absolute directory FS reads, ModCacheDir the absolute
	// directory Options.ModCache reads ("" when it is nil).
	Dir, ModCacheDir string
	FS               fs.FS
	Options          analyze.Options
}

// NewRequest returns the request dockgen's commands make for dir: the
// directory itself, the module cache the go command would use when it
// exists, the environment getenv reads.
func NewRequest(dir string, getenv func(string) string) Request {
	req := Request{FS: os.DirFS(dir), Options: analyze.Options{Root: dir, Getenv: getenv}}
	req.Dir, _ = filepath.Abs(dir)
	if mc := analyze.DefaultModCache(getenv); mc != "" {
		if _, err := os.Stat(mc); err == nil {
			req.Options.ModCache = os.DirFS(mc)
			req.ModCacheDir, _ = filepath.Abs(mc)
		}
	}
	return req
}

// Outcome says how a request was answered.
type Outcome struct {
	// Hit reports that the Project came from the cache, after Inputs
	// inputs were checked in Took.
	Hit    bool
	Inputs int
	Took   time.Duration
	// Reason says why there was no hit ("no entry", "go.mod changed").
	Reason string
	// NotStored says why a fresh analysis was not kept, when it was not.
	NotStored string
}

// String is the trace line: "hit (N inputs checked in X ms)" or
// "miss (REASON)".
func (o Outcome) String() string {
	if o.Hit {
		return fmt.Sprintf("hit (%d inputs checked in %.1f ms)", o.Inputs, float64(o.Took.Microseconds())/1000)
	}
	s := "miss (" + o.Reason + ")"
	if o.NotStored != "" {
		s += ", not stored: " + o.NotStored
	}
	return s
}

// entry is what the cache keeps for a key.
type entry struct {
	Env     []envVar
	Inputs  []input
	Project analyze.Project
}

// entryShape describes the entry's types: part of every key.
var entryShape = func() string {
	s, err := shape(reflect.TypeOf(entry{}))
	if err != nil {
		panic(err) // TestEntryShape keeps this from happening
	}
	return s
}()

// Analyze answers req from the cache when every input of the stored
// analysis is unchanged, and otherwise analyses and stores the result. A
// nil Cache analyses; so does a request whose directories are not known
// (no absolute path, which the key needs).
func (c *Cache) Analyze(req Request) (*analyze.Project, Outcome, error) {
	if c == nil || !filepath.IsAbs(req.Dir) || req.Options.ModCache != nil && !filepath.IsAbs(req.ModCacheDir) {
		p, err := analyze.Analyze(req.FS, req.Options)
		return p, Outcome{Reason: "cache off"}, err
	}
	getenv := req.Options.Getenv
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	fses := [2]fs.FS{req.FS, req.Options.ModCache}
	file := filepath.Join(c.Dir, c.key(req))
	start := time.Now()
	e, reason := load(file)
	if e != nil {
		var settled bool
		if reason, settled = validate(e, fses, getenv, start); reason == "" {
			took := time.Since(start)
			if settled {
				_ = c.store(file, e) // the same answer, with fewer hashes to check
			} else {
				touch(file, start)
			}
			p := e.Project
			return &p, Outcome{Hit: true, Inputs: len(e.Inputs) + len(e.Env), Took: took}, nil
		}
	}
	out := Outcome{Reason: reason}
	rec := newRecorder(time.Now())
	opts := req.Options
	opts.Getenv = rec.getenv(getenv)
	if opts.ModCache != nil {
		opts.ModCache = recFS{rec, opts.ModCache, modCacheFS}
	}
	p, err := analyze.Analyze(recFS{rec, req.FS, projectFS}, opts)
	switch {
	case err != nil:
		out.NotStored = "the analysis failed"
	case rec.unstorable != "":
		out.NotStored = rec.unstorable
	default:
		if err := c.store(file, &entry{Env: rec.envVars(), Inputs: rec.inputs(), Project: *p}); err != nil {
			out.NotStored = err.Error()
		}
	}
	return p, out, err
}

// key names the entry of req.
func (c *Cache) key(req Request) string {
	o := req.Options
	h := sha256.New()
	for _, s := range []string{formatVersion, c.Build, entryShape, analyze.Ambient(), req.Dir, req.ModCacheDir,
		o.Root, o.GOOS, o.GOARCH, strconv.FormatBool(o.ModulesOnly), strconv.FormatBool(o.MainsOnly)} {
		fmt.Fprintf(h, "%d:%s\n", len(s), s)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// magic starts every entry file; the SHA-256 of the rest follows it.
const magic = "dockgen analysis\n"

// load reads the entry in file; when there is none usable it says why.
func load(file string) (*entry, string) {
	data, err := os.ReadFile(file)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, "no entry"
	}
	if err != nil {
		return nil, "unreadable entry"
	}
	body, ok := bytes.CutPrefix(data, []byte(magic))
	if !ok || len(body) < sha256.Size {
		return nil, "corrupt entry"
	}
	sum, payload := body[:sha256.Size], body[sha256.Size:]
	if got := sha256.Sum256(payload); !bytes.Equal(got[:], sum) {
		return nil, "corrupt entry"
	}
	e := &entry{}
	d := decoder{data: payload}
	if err := d.decode(reflect.ValueOf(e).Elem()); err != nil || len(d.data) != 0 {
		return nil, "corrupt entry"
	}
	return e, ""
}

// store writes e into file atomically (a temporary file renamed over it),
// then keeps the directory within its bounds.
func (c *Cache) store(file string, e *entry) error {
	payload := encode(reflect.ValueOf(e).Elem())
	sum := sha256.Sum256(payload)
	if err := os.MkdirAll(c.Dir, 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(c.Dir, "tmp-*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(append(append([]byte(magic), sum[:]...), payload...))
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), file)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return err
	}
	c.prune()
	return nil
}

// touch marks file used now, at most once an hour, for prune's order.
func touch(file string, now time.Time) {
	if info, err := os.Stat(file); err == nil && now.Sub(info.ModTime()) > time.Hour {
		_ = os.Chtimes(file, now, now)
	}
}

// prune removes the least recently used entries beyond maxEntries or
// maxBytes, and temporary files a crashed run left.
func (c *Cache) prune() {
	dirents, err := os.ReadDir(c.Dir)
	if err != nil {
		return
	}
	var infos []fs.FileInfo
	for _, d := range dirents {
		info, err := d.Info()
		if err != nil || !info.Mode().IsRegular() {
			continue
		}
		if strings.HasPrefix(d.Name(), "tmp-") {
			if time.Since(info.ModTime()) > time.Hour {
				os.Remove(filepath.Join(c.Dir, d.Name()))
			}
			continue
		}
		infos = append(infos, info)
	}
	sort.Slice(infos, func(i, j int) bool { return infos[i].ModTime().After(infos[j].ModTime()) })
	var total int64
	for i, info := range infos {
		total += info.Size()
		if i >= maxEntries || total > maxBytes {
			os.Remove(filepath.Join(c.Dir, info.Name()))
		}
	}
}

// Open returns the cache dockgen uses in the environment getenv reads:
// $DOCKGEN_CACHE_DIR, else dockgen/analysis in the user's cache directory,
// identified by the running executable. It returns nil, meaning no cache,
// when DOCKGEN_CACHE=off or when neither directory can be named. The user's
// cache directory is found from getenv too (XDG_CACHE_HOME, HOME, …, as
// os.UserCacheDir does), so that an environment given to a test names no
// directory of the person running it.
func Open(getenv func(string) string) *Cache {
	if getenv("DOCKGEN_CACHE") == "off" {
		return nil
	}
	dir := getenv("DOCKGEN_CACHE_DIR")
	if dir == "" {
		base := userCacheDir(getenv)
		if base == "" {
			return nil
		}
		dir = filepath.Join(base, "dockgen", "analysis")
	}
	build, err := Executable()
	if err != nil {
		return nil
	}
	return &Cache{Dir: dir, Build: build}
}

// userCacheDir is os.UserCacheDir reading the environment through getenv;
// "" when it names none.
func userCacheDir(getenv func(string) string) string {
	var dir string
	switch runtime.GOOS {
	case "windows":
		dir = getenv("LocalAppData")
	case "darwin", "ios":
		if h := getenv("HOME"); h != "" {
			dir = filepath.Join(h, "Library", "Caches")
		}
	case "plan9":
		if h := getenv("home"); h != "" {
			dir = filepath.Join(h, "lib", "cache")
		}
	default:
		dir = getenv("XDG_CACHE_HOME")
		if h := getenv("HOME"); dir == "" && h != "" {
			dir = filepath.Join(h, ".cache")
		}
	}
	if !filepath.IsAbs(dir) {
		return ""
	}
	return dir
}

// Executable identifies the running dockgen build by its executable's
// path, size and times: any rebuild changes them.
func Executable() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	info, err := os.Stat(exe)
	if err != nil {
		return "", err
	}
	ctime, ino := sysTimes(info)
	return fmt.Sprintf("%s %d %d %d %d", exe, info.Size(), info.ModTime().UnixNano(), ctime, ino), nil
}
