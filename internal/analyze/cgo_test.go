package analyze

import (
	"strings"
	"testing"
	"testing/fstest"
)

// TestCgoBothWays: cgo is decided with build constraints evaluated with
// cgo on and off (issue 10, fault 2).
func TestCgoBothWays(t *testing.T) {
	const cgoFile = "package store\n\n// #include <stdlib.h>\nimport \"C\"\n\nfunc Open() {}\n"
	mainFile := "package main\n\nimport \"example.org/app/store\"\n\nfunc main() { store.Open() }\n"
	optional := onlyMain(t, tree("main.go", mainFile, "store/c.go", cgoFile,
		"store/pure.go", "//go:build !cgo\n\npackage store\n\nfunc Open() {}\n"))
	if optional.Cgo || !optional.CgoOptional || !hasEvidence(optional, "cgo optional: pure-Go fallback used") {
		t.Errorf("pure-Go fallback: Cgo %v, CgoOptional %v, evidence %+v", optional.Cgo, optional.CgoOptional, optional.Evidence)
	}
	needed := onlyMain(t, tree("main.go", mainFile, "store/c.go", cgoFile))
	if !needed.Cgo || needed.CgoOptional || !hasEvidence(needed, "has no Go files to build") {
		t.Errorf("cgo only: Cgo %v, CgoOptional %v, evidence %+v", needed.Cgo, needed.CgoOptional, needed.Evidence)
	}
}

// TestCgoKnownStub: go-sqlite3 builds with cgo off, into a stub that fails
// at run time: cgo stays on.
func TestCgoKnownStub(t *testing.T) {
	fsys := tree(
		"go.mod", goMod+"\nrequire github.com/mattn/go-sqlite3 v1.14.22\n",
		"main.go", "package main\n\nimport _ \"github.com/mattn/go-sqlite3\"\n\nfunc main() {}\n",
	)
	cache := fstest.MapFS{
		"github.com/mattn/go-sqlite3@v1.14.22/sqlite3.go":     {Data: []byte("package sqlite3\n\n// #include <stdlib.h>\nimport \"C\"\n")},
		"github.com/mattn/go-sqlite3@v1.14.22/static_mock.go": {Data: []byte("//go:build !cgo\n\npackage sqlite3\n")},
	}
	p, err := Analyze(fsys, Options{ModCache: cache})
	if err != nil {
		t.Fatal(err)
	}
	m := p.Mains[0]
	if !m.Cgo || m.CgoOptional || !hasEvidence(m, "builds a stub that fails at run time") {
		t.Errorf("go-sqlite3: Cgo %v, CgoOptional %v, evidence %+v", m.Cgo, m.CgoOptional, m.Evidence)
	}
}

// TestCgoMissingSources: with dependency sources missing, a known cgo
// module anywhere in go.mod (indirect too) or go.sum makes cgo assumed;
// otherwise cgo is off but marked unchecked (issue 10, fault 1).
func TestCgoMissingSources(t *testing.T) {
	mainFile := "package main\n\nimport _ \"gorm.io/driver/sqlite\"\n\nfunc main() {}\n"
	for _, tc := range []struct {
		name, gomod, gosum string
		assumed            bool
	}{
		{"indirect requirement", "require (\n\tgorm.io/driver/sqlite v1.5.0\n\tgithub.com/mattn/go-sqlite3 v1.14.22 // indirect\n)\n", "", true},
		{"go.sum only", "require gorm.io/driver/sqlite v1.5.0\n", "github.com/mattn/go-sqlite3 v1.14.22 h1:abc=\ngithub.com/mattn/go-sqlite3 v1.14.22/go.mod h1:def=\n", true},
		{"go.sum lists only its go.mod", "require gorm.io/driver/sqlite v1.5.0\n", "github.com/mattn/go-sqlite3 v1.14.22/go.mod h1:def=\n", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := []string{"go.mod", goMod + "\n" + tc.gomod, "main.go", mainFile}
			if tc.gosum != "" {
				files = append(files, "go.sum", tc.gosum)
			}
			m := onlyMain(t, tree(files...))
			if m.Cgo != tc.assumed || m.CgoAssumed != tc.assumed || m.CgoUnchecked == tc.assumed {
				t.Errorf("Cgo %v, CgoAssumed %v, CgoUnchecked %v; want assumed=%v", m.Cgo, m.CgoAssumed, m.CgoUnchecked, tc.assumed)
			}
		})
	}
}

func hasEvidence(m Main, detail string) bool {
	for _, e := range m.Evidence {
		if e.Fact == FactCgo && strings.Contains(e.Detail, detail) {
			return true
		}
	}
	return false
}
