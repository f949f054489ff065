package analyze

import (
	"slices"
	"testing"
)

// TestGenerateMissingOutput: identifiers used but not defined, next to
// //go:generate, are reported with the command, and whether the build can
// run it (issue 10, fault 5).
func TestGenerateMissingOutput(t *testing.T) {
	for _, tc := range []struct {
		name, directive string
		runnable        bool
	}{
		{"go run of a file in the module", "go run gen.go", true},
		{"go run of a module package", "go run example.org/app/tools/gen", true},
		{"go run of a required module", "go run golang.org/x/tools/cmd/stringer -type=Color", true},
		{"go run with a version", "go run golang.org/x/tools/cmd/stringer@v0.30.0 -type=Color", false},
		{"a binary on PATH", "stringer -type=Color", false},
		{"npm", "npm run build", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := onlyMain(t, tree(
				"go.mod", goMod+"\nrequire golang.org/x/tools v0.30.0\n",
				"main.go", "package main\n\nimport \"fmt\"\n\n//go:generate "+tc.directive+"\n\ntype Color int\n\nfunc main() { fmt.Println(Color(1).String(), version, len(colorNames)) }\n",
				"helper.go", "package main\n\nvar local = 1\n",
			))
			if len(m.Generate) != 1 {
				t.Fatalf("Generate = %+v, want one", m.Generate)
			}
			g := m.Generate[0]
			if g.Command != tc.directive || g.Pos != "main.go:5" || g.Runnable != tc.runnable || !slices.Equal(g.Undefined, []string{"colorNames", "version"}) {
				t.Errorf("Generate = %+v", g)
			}
		})
	}
}

// TestGenerateOutputCommitted: nothing is reported when every identifier
// is defined, or when there is no directive.
func TestGenerateOutputCommitted(t *testing.T) {
	m := onlyMain(t, tree(
		"main.go", "package main\n\n//go:generate go run gen.go\n\nfunc main() { println(version, local, len(\"x\")) }\n",
		"version.go", "package main\n\nconst version = \"1\"\n",
		"helper.go", "package main\n\nvar local = T{Field: 1}\n\ntype T struct{ Field int }\n",
	))
	if len(m.Generate) != 0 {
		t.Errorf("Generate = %+v, want none (the output is committed)", m.Generate)
	}
	m = onlyMain(t, tree("main.go", "package main\n\nfunc main() { println(undefinedButNoDirective) }\n"))
	if len(m.Generate) != 0 {
		t.Errorf("Generate = %+v, want none (no go:generate directive)", m.Generate)
	}
}
