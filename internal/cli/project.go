package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/dockgen/dockgen/internal/analyze"
)

// loadProject analyzes dir; with download, it first fetches the module
// sources through the go command so that cgo and run-time needs inside
// dependencies can be read. Every analysis error is an input error (exit 2)
// naming the file and line at fault, with a hint where one helps.
func loadProject(ctx context.Context, f *Factory, dir string, download bool) (*analyze.Project, error) {
	info, err := os.Stat(dir)
	switch {
	case err != nil:
		return nil, inputError(fmt.Errorf("%s: no such directory", dir))
	case !info.IsDir():
		return nil, inputError(fmt.Errorf("%s is not a directory", dir))
	}
	if download {
		if err := downloadModules(ctx, f, dir); err != nil {
			return nil, err
		}
	}
	opts := analyze.Options{Root: dir, Getenv: f.Getenv}
	if mc := analyze.DefaultModCache(f.Getenv); mc != "" {
		if _, err := os.Stat(mc); err == nil {
			opts.ModCache = os.DirFS(mc)
		}
	}
	p, err := analyze.Analyze(os.DirFS(dir), opts)
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
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

// downloadModules runs go mod download in dir, its output on stderr.
func downloadModules(ctx context.Context, f *Factory, dir string) error {
	goBin, err := exec.LookPath("go")
	if err != nil {
		return inputError(fmt.Errorf("--download needs the go command on PATH: %w", err))
	}
	cmd := exec.CommandContext(ctx, goBin, "mod", "download")
	cmd.Dir = dir
	cmd.Stdout = f.IO.ErrOut
	cmd.Stderr = f.IO.ErrOut
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return failure(fmt.Errorf("go mod download in %s: %w", dir, err))
	}
	return nil
}
