package lint

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/moby/patternmatcher/ignorefile"
	"golang.org/x/mod/modfile"
)

// Load returns the Options for the Dockerfile at dockerfile ("-" for
// standard input) as Docker would build it with its directory as the
// context: the .dockerignore beside it, and the go.mod of the module in
// its directory, else in cwd. Either may be missing; a malformed one is an
// error naming the file.
func Load(dockerfile, cwd string) (Options, error) {
	dir := cwd
	if dockerfile != "-" {
		dir = filepath.Dir(dockerfile)
	}
	opts := Options{Context: os.DirFS(dir)}
	var err error
	if opts.Ignore, err = LoadIgnore(dir, dockerfile); err != nil {
		return Options{}, err
	}
	for _, d := range []string{dir, cwd} {
		if opts.Module, err = LoadModule(d); err != nil || opts.Module != nil {
			return opts, err
		}
	}
	return opts, nil
}

// LoadIgnore reads the .dockerignore Docker would use for the Dockerfile at
// dockerfile built with dir as the context: <Dockerfile>.dockerignore
// beside it first, then .dockerignore in dir. It returns nil when there is
// none.
func LoadIgnore(dir, dockerfile string) (*Ignore, error) {
	var names []string
	if dockerfile != "-" {
		names = append(names, dockerfile+".dockerignore")
	}
	names = append(names, filepath.Join(dir, ".dockerignore"))
	for _, name := range names {
		data, err := os.ReadFile(name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		patterns, err := ignorefile.ReadAll(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		return &Ignore{Name: name, Patterns: patterns}, nil
	}
	return nil, nil
}

// LoadModule reads the go.work or go.mod in dir; nil when there is none.
// For a workspace, the Go version is go.work's and the requirements are
// those of every module it uses.
func LoadModule(dir string) (*Module, error) {
	work := filepath.Join(dir, "go.work")
	data, err := os.ReadFile(work)
	if errors.Is(err, fs.ErrNotExist) {
		return loadGoMod(dir)
	}
	if err != nil {
		return nil, err
	}
	wf, err := modfile.ParseWork(work, data, nil)
	if err != nil {
		return nil, firstModError(err)
	}
	m := &Module{Name: work}
	if wf.Go != nil {
		m.Go, m.GoLine = wf.Go.Version, wf.Go.Syntax.Start.Line
	}
	m.HasGoSum = exists(filepath.Join(dir, "go.work.sum"))
	m.Vendor = exists(filepath.Join(dir, "vendor", "modules.txt"))
	for _, u := range wf.Use {
		used, err := loadGoMod(filepath.Join(dir, filepath.FromSlash(u.Path)))
		if err != nil {
			return nil, err
		}
		if used == nil {
			continue
		}
		m.Requires += used.Requires
		m.EmbedsRoots = m.EmbedsRoots || used.EmbedsRoots
		m.HasGoSum = m.HasGoSum || used.HasGoSum
	}
	return m, nil
}

// loadGoMod reads the go.mod in dir; nil when there is none.
func loadGoMod(dir string) (*Module, error) {
	name := filepath.Join(dir, "go.mod")
	data, err := os.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	f, err := modfile.Parse(name, data, nil)
	if err != nil {
		return nil, firstModError(err)
	}
	m := &Module{Name: name, Requires: len(f.Require)}
	if f.Go != nil {
		m.Go, m.GoLine = f.Go.Version, f.Go.Syntax.Start.Line
	}
	for _, r := range f.Require {
		if r.Mod.Path == "golang.org/x/crypto/x509roots/fallback" {
			m.EmbedsRoots = true
		}
	}
	m.HasGoSum = exists(filepath.Join(dir, "go.sum"))
	m.Vendor = exists(filepath.Join(dir, "vendor", "modules.txt"))
	return m, nil
}

// firstModError keeps the first error of a modfile.ErrorList: one line
// naming the file and line.
func firstModError(err error) error {
	var list modfile.ErrorList
	if errors.As(err, &list) && len(list) > 0 {
		return &list[0]
	}
	return err
}

func exists(name string) bool {
	_, err := os.Stat(name)
	return err == nil
}
