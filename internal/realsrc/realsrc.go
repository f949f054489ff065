// Package realsrc fetches the source of public Go modules through the Go
// module proxy and keeps writable copies of them in a cache, for the
// real-world suite and the benchmarks. Real code reaches the tests the way
// it reaches any Go user: `go mod download -json MODULE@VERSION`.
//
// Module zips leave out vendored packages (only vendor/modules.txt
// survives), so a Source that is vendored upstream asks for `go mod vendor`
// to be run in the copy, which restores the tree its repository has.
package realsrc

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Source is one public module pinned to a version.
type Source struct {
	// Module is the module path ("github.com/go-chi/chi/v5").
	Module string
	// Version is a version or a commit that the proxy resolves
	// ("v5.2.1", "65e30f8").
	Version string
	// Vendor runs `go mod vendor` in the copy, for repositories that
	// commit their vendor directory.
	Vendor bool
	// Nested are modules of the same repository that live in
	// subdirectories (a replace => ./pkg/push, a go.work use): module zips
	// leave them out, so each is fetched on its own and copied into its
	// directory before vendoring.
	Nested []Nested
}

// Nested is a module placed in a subdirectory of another's copy.
type Nested struct {
	// Dir is the slash-separated subdirectory ("pkg/push").
	Dir string
	// Module and Version pin it.
	Module, Version string
}

// String returns "MODULE@VERSION".
func (s Source) String() string { return s.Module + "@" + s.Version }

// Tree is a fetched source tree.
type Tree struct {
	// Dir is the writable copy of the module's root directory.
	Dir string
	// Version is the version the proxy resolved (a pseudo-version for a
	// commit).
	Version string
}

// FetchError says that a source could not be had: the proxy did not
// answer (Unavailable), the version does not exist, or vendoring failed.
// Tests skip with its one line when it is Unavailable, and fail otherwise.
type FetchError struct {
	Source Source
	// Unavailable reports that the module proxy could not be reached.
	Unavailable bool
	Err         error
}

func (e *FetchError) Error() string {
	return fmt.Sprintf("fetching %s: %v", e.Source, e.Err)
}

func (e *FetchError) Unwrap() error { return e.Err }

// CacheDir is where the copies are kept: $DOCKGEN_REALWORLD_CACHE, or
// dockgen/realworld under the user's cache directory.
func CacheDir() (string, error) {
	if d := os.Getenv("DOCKGEN_REALWORLD_CACHE"); d != "" {
		return d, nil
	}
	base, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("real-world cache: %w", err)
	}
	return filepath.Join(base, "dockgen", "realworld"), nil
}

// Cached returns the tree of s when it is already in the cache, without
// touching the network.
func Cached(s Source) (Tree, bool) {
	root, err := CacheDir()
	if err != nil {
		return Tree{}, false
	}
	return readEntry(filepath.Join(root, key(s)))
}

// Get returns a writable copy of s, fetching it when the cache lacks it.
// Concurrent callers (test binaries of several packages) wait for one
// another per source.
func Get(ctx context.Context, s Source) (Tree, error) {
	root, err := CacheDir()
	if err != nil {
		return Tree{}, err
	}
	entry := filepath.Join(root, key(s))
	if t, ok := readEntry(entry); ok {
		return t, nil
	}
	if err := os.MkdirAll(root, 0o755); err != nil {
		return Tree{}, fmt.Errorf("real-world cache: %w", err)
	}
	unlock, err := lock(entry + ".lock")
	if err != nil {
		return Tree{}, err
	}
	defer unlock()
	if t, ok := readEntry(entry); ok { // fetched while we waited
		return t, nil
	}
	t, err := fetch(ctx, s, entry)
	if err != nil {
		return Tree{}, &FetchError{Source: s, Unavailable: unreachable(err), Err: err}
	}
	return t, nil
}

// key names a source's cache entry: the module path with slashes turned
// into '+' (a path cannot hold it), '@', the version, and "+vendor" when
// vendored.
func key(s Source) string {
	k := strings.ReplaceAll(s.Module, "/", "+") + "@" + s.Version
	if s.Vendor {
		k += "+vendor"
	}
	for _, n := range s.Nested {
		k += "+" + strings.ReplaceAll(n.Dir, "/", "+")
	}
	return k
}

// An entry is complete when its version file exists: it is written last.
const versionFile = "dockgen-version"

func readEntry(entry string) (Tree, bool) {
	v, err := os.ReadFile(filepath.Join(entry, versionFile))
	if err != nil {
		return Tree{}, false
	}
	return Tree{Dir: filepath.Join(entry, "src"), Version: strings.TrimSpace(string(v))}, true
}

// fetch downloads s, copies it to a temporary entry, vendors it when asked,
// and renames the entry into place.
func fetch(ctx context.Context, s Source, entry string) (Tree, error) {
	dl, err := download(ctx, s)
	if err != nil {
		return Tree{}, err
	}
	tmp := entry + ".tmp"
	if err := os.RemoveAll(tmp); err != nil {
		return Tree{}, err
	}
	src := filepath.Join(tmp, "src")
	if err := CopyTree(dl.Dir, src, nil); err != nil {
		os.RemoveAll(tmp)
		return Tree{}, fmt.Errorf("copying %s: %w", dl.Dir, err)
	}
	for _, n := range s.Nested {
		nd, err := download(ctx, Source{Module: n.Module, Version: n.Version})
		if err != nil {
			os.RemoveAll(tmp)
			return Tree{}, fmt.Errorf("nested module %s: %w", n.Dir, err)
		}
		if err := CopyTree(nd.Dir, filepath.Join(src, filepath.FromSlash(n.Dir)), nil); err != nil {
			os.RemoveAll(tmp)
			return Tree{}, fmt.Errorf("copying %s: %w", nd.Dir, err)
		}
	}
	if s.Vendor {
		if err := goCmd(ctx, src, "mod", "vendor"); err != nil {
			os.RemoveAll(tmp)
			return Tree{}, fmt.Errorf("go mod vendor: %w", err)
		}
	}
	if err := os.WriteFile(filepath.Join(tmp, versionFile), []byte(dl.Version+"\n"), 0o644); err != nil {
		os.RemoveAll(tmp)
		return Tree{}, err
	}
	if err := os.RemoveAll(entry); err != nil {
		return Tree{}, err
	}
	if err := os.Rename(tmp, entry); err != nil {
		return Tree{}, err
	}
	return Tree{Dir: filepath.Join(entry, "src"), Version: dl.Version}, nil
}

// downloaded is the part of `go mod download -json` that fetch reads.
type downloaded struct {
	Dir, Version, Error string
}

func download(ctx context.Context, s Source) (downloaded, error) {
	// Run outside any module so that the current go.mod and go.work play no
	// part in the resolution.
	dir, err := os.MkdirTemp("", "realsrc-")
	if err != nil {
		return downloaded{}, err
	}
	defer os.RemoveAll(dir)
	cmd := exec.CommandContext(ctx, "go", "mod", "download", "-json", s.String())
	cmd.Dir = dir
	cmd.Env = goEnv()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	var d downloaded
	if err := json.Unmarshal(stdout.Bytes(), &d); err != nil {
		if runErr != nil {
			return d, fmt.Errorf("go mod download: %v: %s", runErr, firstLine(stderr.String()))
		}
		return d, fmt.Errorf("go mod download: reading its output: %w", err)
	}
	if d.Error != "" {
		return d, errors.New(firstLine(d.Error))
	}
	if runErr != nil {
		return d, fmt.Errorf("go mod download: %v: %s", runErr, firstLine(stderr.String()))
	}
	if d.Dir == "" {
		return d, errors.New("go mod download reported no directory")
	}
	return d, nil
}

func goCmd(ctx context.Context, dir string, args ...string) error {
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	cmd.Env = goEnv()
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%v: %s", err, firstLine(string(out)))
	}
	return nil
}

// goEnv is the environment of the go commands: modules on, no workspace,
// flags from the caller's GOFLAGS dropped (-mod=vendor would break them).
func goEnv() []string {
	return append(os.Environ(), "GO111MODULE=on", "GOWORK=off", "GOFLAGS=-mod=mod")
}

// unreachable reports whether a go command failed for want of a network
// path to the module proxy, going by the errors the go command prints.
func unreachable(err error) bool {
	msg := err.Error()
	for _, sign := range []string{"dial tcp", "no such host", "connection refused", "i/o timeout",
		"network is unreachable", "proxyconnect", "GOPROXY=off", "TLS handshake timeout"} {
		if strings.Contains(msg, sign) {
			return true
		}
	}
	return false
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// CopyTree copies the regular files and directories under from to to,
// writable by the owner (the module cache is read-only). keep, when not
// nil, is asked first for every path below from (rel is slash-separated):
// false leaves it out, and the error filepath.SkipDir leaves out a
// directory with all it holds. It is the one tree copy of the tests and
// scripts.
//
// to must be absent or an empty directory, and CopyTree never overwrites
// a file: a reused target could otherwise keep an earlier run's files
// (a generated Dockerfile, say) beside the fresh copy. A caller that
// reuses a directory clears it first.
func CopyTree(from, to string, keep func(rel string, d fs.DirEntry) (bool, error)) error {
	if err := emptyOrAbsent(to); err != nil {
		return err
	}
	return filepath.WalkDir(from, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(from, path)
		if err != nil {
			return err
		}
		if keep != nil && rel != "." {
			if ok, err := keep(filepath.ToSlash(rel), d); err != nil || !ok {
				return err
			}
		}
		dst := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		// The parent is there unless keep left it out and looked inside.
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		return CopyFile(path, dst, info.Mode().Perm()|0o200)
	})
}

// emptyOrAbsent returns an error wrapping fs.ErrExist unless dir is absent
// or an empty directory.
func emptyOrAbsent(dir string) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	case len(entries) > 0:
		return fmt.Errorf("copying into %s: %w: the directory is not empty", dir, fs.ErrExist)
	}
	return nil
}

// CopyFile copies from into a new file to, failing when to exists.
func CopyFile(from, to string, perm fs.FileMode) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_EXCL|os.O_WRONLY, perm)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
