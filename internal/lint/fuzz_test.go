package lint

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/moby/patternmatcher/ignorefile"

	"github.com/dockgen/dockgen/internal/exampletest"
	"github.com/dockgen/dockgen/internal/plan"
)

// FuzzLint lints and fixes any Dockerfile: no panic, and a fix never turns
// a Dockerfile that parsed into one that does not.
func FuzzLint(f *testing.F) {
	for _, s := range exampletest.Seeds(f, "examples/*/Dockerfile", "internal/render/testdata/TestGolden/*.Dockerfile.golden") {
		f.Add(s)
	}
	opts := Options{Ignore: &Ignore{Name: ".dockerignore", Patterns: []string{".git", ".env"}}}
	f.Fuzz(func(t *testing.T, data []byte) {
		if _, err := Lint("Dockerfile", data, opts); err != nil {
			return
		}
		fixed, n, err := Fix("Dockerfile", data, opts)
		if err != nil {
			t.Fatalf("Fix failed on a Dockerfile Lint read: %v", err)
		}
		if n == 0 {
			return
		}
		if _, err := Lint("Dockerfile", fixed, opts); err != nil {
			t.Errorf("Fix broke the Dockerfile: %v\nbefore:\n%s\nafter:\n%s", err, data, fixed)
		}
	})
}

// ignoreExample is one example as FuzzIgnore lints it: its Dockerfile, its
// files as the build context, its module, and the paths in the context.
type ignoreExample struct {
	dockerfile []byte
	context    fstest.MapFS
	module     *Module
	files      []plan.NeededFile
}

// FuzzIgnore reads any .dockerignore the way check and generate do, and
// lints each example's Dockerfile against it with the example as the build
// context: no panic, and a failure is one line naming the .dockerignore
// (the Dockerfiles are fine). What plan.LeftOut says is left out is among
// the files asked about, in their order, and a file list of exceptions
// alone leaves nothing out.
func FuzzIgnore(f *testing.F) {
	for _, s := range exampletest.Seeds(f, "examples/*/.dockerignore", "internal/render/testdata/TestGolden/*.dockerignore.golden") {
		f.Add(s)
	}
	f.Add([]byte("# exceptions alone\n!*.go\n!go.mod\n!**/testdata\n"))
	var examples []ignoreExample
	for _, dir := range exampletest.Dirs(f) {
		examples = append(examples, loadIgnoreExample(f, dir))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		patterns, err := ignorefile.ReadAll(bytes.NewReader(data))
		if err != nil {
			return
		}
		for _, ex := range examples {
			opts := Options{Ignore: &Ignore{Name: ".dockerignore", Patterns: patterns}, Context: ex.context, Module: ex.module}
			if _, err := Lint("Dockerfile", ex.dockerfile, opts); err != nil {
				if msg := err.Error(); !strings.HasPrefix(msg, ".dockerignore: ") || strings.Contains(msg, "\n") {
					t.Fatalf("error not one line naming the .dockerignore: %q", msg)
				}
				return // the patterns do not compile: nothing more to ask
			}
			checkLeftOut(t, patterns, ex.files)
		}
	})
}

// checkLeftOut checks what plan.LeftOut answers for patterns over files.
func checkLeftOut(t *testing.T, patterns []string, files []plan.NeededFile) {
	left := plan.LeftOut(patterns, files)
	i := 0
	for _, m := range left {
		for i < len(files) && files[i].Path != m.Path {
			i++
		}
		if i == len(files) {
			t.Fatalf("LeftOut names %s, not asked about or out of order", m.Path)
		}
		i++
	}
	onlyExceptions := true
	for _, p := range patterns {
		onlyExceptions = onlyExceptions && strings.HasPrefix(p, "!")
	}
	if onlyExceptions && len(left) > 0 {
		t.Fatalf("patterns %q, exceptions only, leave out %s", patterns, left[0].Path)
	}
}

// loadIgnoreExample reads the example in dir into memory, so that fuzzing
// does not read the disk.
func loadIgnoreExample(f *testing.F, dir string) ignoreExample {
	ex := ignoreExample{context: fstest.MapFS{}}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		ex.context[rel] = &fstest.MapFile{Data: data}
		ex.files = append(ex.files, plan.NeededFile{Path: rel, Why: "in the example"})
		if rel == "Dockerfile" {
			ex.dockerfile = data
		}
		return nil
	})
	if err != nil {
		f.Fatal(err)
	}
	if ex.dockerfile == nil {
		f.Fatalf("%s has no Dockerfile", dir)
	}
	if ex.module, err = LoadModule(dir); err != nil {
		f.Fatal(err)
	}
	return ex
}
