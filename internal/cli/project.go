package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/dockgen/dockgen/internal/analyze"
)

// loadProject analyzes dir. Every error is an input error (exit 2) naming
// the file and line at fault, with a hint where one helps.
func loadProject(f *Factory, dir string) (*analyze.Project, error) {
	info, err := os.Stat(dir)
	switch {
	case err != nil:
		return nil, inputError(fmt.Errorf("%s: no such directory", dir))
	case !info.IsDir():
		return nil, inputError(fmt.Errorf("%s is not a directory", dir))
	}
	opts := analyze.Options{Root: dir, Getenv: f.Getenv}
	if mc := analyze.DefaultModCache(f.Getenv); mc != "" {
		if _, err := os.Stat(mc); err == nil {
			opts.ModCache = os.DirFS(mc)
		}
	}
	p, err := analyze.Analyze(os.DirFS(dir), opts)
	if errors.Is(err, analyze.ErrNoGoMod) {
		abs, _ := filepath.Abs(dir)
		if root := findModuleRoot(filepath.Dir(abs)); root != "" {
			return nil, inputError(fmt.Errorf("%w\nhint: %s is inside the module at %s; run dockgen there", err, abs, root))
		}
		return nil, inputError(fmt.Errorf("%w (looked in %s)\nhint: run dockgen in a module root, or create one with go mod init", err, abs))
	}
	if err != nil {
		return nil, inputError(err)
	}
	return p, nil
}

// findModuleRoot returns the nearest directory at or above dir holding a
// go.mod or go.work, or "".
func findModuleRoot(dir string) string {
	for {
		for _, name := range []string{"go.work", "go.mod"} {
			if info, err := os.Stat(filepath.Join(dir, name)); err == nil && !info.IsDir() {
				return dir
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}
