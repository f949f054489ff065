package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/dockgen/dockgen/internal/anacache"
	"github.com/dockgen/dockgen/internal/analyze"
)

// loadProject analyzes dir; with download, it first fetches the module
// sources through the go command so that cgo and run-time needs inside
// dependencies can be read. Every analysis error is an input error (exit 2)
// naming the file and line at fault, with a hint where one helps.
func loadProject(ctx context.Context, f *Factory, dir string, download bool) (*analyze.Project, error) {
	return loadProjectTraced(ctx, f, dir, download, false)
}

// loadProjectTraced is loadProject that, with trace or DOCKGEN_TRACE=1,
// prints where the analysis spent its time on stderr.
func loadProjectTraced(ctx context.Context, f *Factory, dir string, download, trace bool) (*analyze.Project, error) {
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
	req := anacache.NewRequest(dir, f.Getenv)
	var tr analyze.Trace
	if trace || f.Getenv("DOCKGEN_TRACE") == "1" {
		req.Options.Trace = &tr
	}
	var cache *anacache.Cache
	if !f.NoCache {
		cache = anacache.Open(f.Getenv)
	}
	stop := f.IO.StartProgress("analyzing "+dir, progressDelay)
	p, outcome, err := cache.Analyze(req)
	stop()
	if req.Options.Trace != nil {
		fmt.Fprintf(f.IO.ErrOut, "trace: cache: %s\n", outcome)
		if !outcome.Hit { // a hit did no analysis to trace
			for _, line := range strings.Split(strings.TrimSuffix(tr.String(), "\n"), "\n") {
				fmt.Fprintf(f.IO.ErrOut, "trace: %s\n", line)
			}
		}
	}
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

// addNoCacheFlag gives a command that analyzes the --no-cache flag.
func addNoCacheFlag(cmd *cobra.Command, f *Factory) {
	cmd.Flags().BoolVar(&f.NoCache, "no-cache", false, "analyze afresh, neither reading nor writing the analysis cache (DOCKGEN_CACHE=off does this for every command)")
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

// progressDelay is how long a step runs before it shows progress.
var progressDelay = time.Second

// downloadModules runs go mod download in dir, with a progress line on a
// terminal; the go command's output is shown only when it fails.
func downloadModules(ctx context.Context, f *Factory, dir string) error {
	goBin, err := exec.LookPath("go")
	if err != nil {
		return inputError(fmt.Errorf("--download needs the go command on PATH: %w", err))
	}
	cmd := exec.CommandContext(ctx, goBin, "mod", "download")
	cmd.Dir = dir
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	stop := f.IO.StartProgress("downloading module sources (go mod download)", 0)
	err = cmd.Run()
	stop()
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return failure(fmt.Errorf("go mod download in %s: %w\nhint: %s", dir, err, strings.TrimSpace(out.String())))
	}
	return nil
}
