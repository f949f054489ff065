package main

import (
	"os"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/dockgen/dockgen/internal/cli"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"dockgen": func() { os.Exit(cli.Main()) },
	})
}

// TestScript runs the command-line scripts in testdata/script: one file per
// command and topic (generate_basic.txtar, analyze_json.txtar, …).
func TestScript(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
		Setup: func(env *testscript.Env) error {
			// No module cache: scripts must not depend on what this machine
			// downloaded; an analysis cache of the script's own, never the
			// person's (nor /no-home/.cache, shared by every script);
			// NO_COLOR keeps output plain.
			env.Setenv("GOMODCACHE", env.WorkDir+"/.modcache-none")
			env.Setenv("DOCKGEN_CACHE_DIR", env.WorkDir+"/.dockgen-cache")
			env.Setenv("NO_COLOR", "1")
			return nil
		},
	})
}
