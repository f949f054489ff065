package lint

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/moby/patternmatcher/ignorefile"

	"github.com/dockgen/dockgen/internal/analyze"
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

// LoadModule reads the module in dir through the analyzer (go.work, else
// go.mod, with the go command's rules); nil when there is none. For a
// workspace, the Go version is go.work's and the requirements are those of
// every module it uses.
func LoadModule(dir string) (*Module, error) {
	p, err := analyze.Analyze(os.DirFS(dir), analyze.Options{Root: dir, ModulesOnly: true})
	if errors.Is(err, analyze.ErrNoGoMod) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return ModuleOf(p), nil
}

// ModuleOf returns what the rules need to know of an analyzed project.
func ModuleOf(p *analyze.Project) *Module {
	m := &Module{Go: p.Go, GoPos: p.GoPos, HasGoSum: p.HasGoSum, Requires: len(p.Requires), Vendor: p.Vendor}
	for _, r := range p.Requires {
		if r.Path == "golang.org/x/crypto/x509roots/fallback" {
			m.EmbedsRoots = true
		}
	}
	return m
}
