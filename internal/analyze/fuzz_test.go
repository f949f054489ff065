package analyze_test

import (
	"errors"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dockgen/dockgen/internal/analyze"
	"github.com/dockgen/dockgen/internal/exampletest"
)

const fuzzMain = "package main\n\nimport _ \"example.org/lib\"\n\nfunc main() {}\n"

// checkAnalyzeError: a failed analysis is one line that names the file and
// the line in it (file matches the file's name), or says there is no main
// package, which no line of go.mod or go.work holds.
func checkAnalyzeError(t *testing.T, err error, file *regexp.Regexp) {
	t.Helper()
	msg, _, _ := strings.Cut(err.Error(), "\nhint: ")
	if strings.Contains(msg, "\n") || !file.MatchString(msg) && !errors.Is(err, analyze.ErrNoMain) {
		t.Errorf("error is not one line naming the file and line: %q", err)
	}
}

// atLine matches a file name, by the regular expression name, followed by a
// line number.
func atLine(name string) *regexp.Regexp {
	return regexp.MustCompile(`(^|[\s"(])` + name + `:[1-9][0-9]*[:\s]`)
}

// FuzzGoMod feeds any go.mod to the analyzer: it never panics, and an
// error is one line naming go.mod.
func FuzzGoMod(f *testing.F) {
	for _, s := range exampletest.Seeds(f, "examples/*/go.mod", "examples/*/*/go.mod", "internal/analyze/testdata/trees/*/go.mod") {
		f.Add(s)
	}
	at := atLine(`go\.mod`)
	f.Fuzz(func(t *testing.T, gomod []byte) {
		fsys := fstest.MapFS{
			"go.mod":      {Data: gomod},
			"main.go":     {Data: []byte(fuzzMain)},
			"lib/lib.go":  {Data: []byte("package lib\n")},
			"cmd/x/x.go":  {Data: []byte("package main\n\nfunc main() {}\n")},
			"vendor/x.go": {Data: []byte("package x\n")},
		}
		if _, err := analyze.Analyze(fsys, analyze.Options{}); err != nil {
			checkAnalyzeError(t, err, at)
		}
	})
}

// FuzzGoWork feeds any go.work, over the workspace example's modules.
func FuzzGoWork(f *testing.F) {
	for _, s := range exampletest.Seeds(f, "examples/*/go.work", "internal/analyze/testdata/trees/*/go.work") {
		f.Add(s)
	}
	mods := exampletest.Seeds(f, "examples/workspace/api/go.mod", "examples/workspace/lib/go.mod")
	at := atLine(`([a-z]+/)?go\.(mod|work)`)
	f.Fuzz(func(t *testing.T, gowork []byte) {
		fsys := fstest.MapFS{
			"go.work":        {Data: gowork},
			"api/go.mod":     {Data: mods[0]},
			"api/main.go":    {Data: []byte("package main\n\nfunc main() {}\n")},
			"lib/go.mod":     {Data: mods[1]},
			"lib/lib.go":     {Data: []byte("package lib\n")},
			"go.mod":         {Data: []byte("module example.org/root\n\ngo 1.22\n")},
			"tools/main.go":  {Data: []byte("package main\n\nfunc main() {}\n")},
			"tools/go.mod":   {Data: []byte("module example.org/tools\n")},
			"outside/go.mod": {Data: []byte("garbage\n")},
		}
		if _, err := analyze.Analyze(fsys, analyze.Options{}); err != nil {
			checkAnalyzeError(t, err, at)
		}
	})
}
