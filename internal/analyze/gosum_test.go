package analyze

import (
	"reflect"
	"testing"
)

// TestUnsummed: a requirement is unsummed when no go.sum the go command
// reads holds its go.mod checksum; vendor mode, replaced modules and the
// workspace's own modules need none.
func TestUnsummed(t *testing.T) {
	const main = "package main\n\nfunc main() {}\n"
	const req = "module example.org/app\n\ngo 1.26.0\n\nrequire (\n\texample.com/a v1.0.0\n\texample.com/b v1.2.0 // indirect\n)\n"
	for _, tt := range []struct {
		name string
		fsys []string
		want []Unsummed
	}{
		{"complete", []string{"go.mod", req, "main.go", main, "go.sum",
			"example.com/a v1.0.0/go.mod h1:x=\nexample.com/b v1.2.0/go.mod h1:y=\n"}, nil},
		{"only the source hash", []string{"go.mod", req, "main.go", main, "go.sum",
			"example.com/a v1.0.0 h1:x=\nexample.com/b v1.2.0/go.mod h1:y=\n"},
			[]Unsummed{{"example.com/a", "v1.0.0", "go.mod:6"}}},
		{"another version", []string{"go.mod", req, "main.go", main, "go.sum",
			"example.com/a v1.0.0/go.mod h1:x=\nexample.com/b v1.1.0/go.mod h1:y=\n"},
			[]Unsummed{{"example.com/b", "v1.2.0", "go.mod:7"}}},
		{"no go.sum", []string{"go.mod", req, "main.go", main},
			[]Unsummed{{"example.com/a", "v1.0.0", "go.mod:6"}, {"example.com/b", "v1.2.0", "go.mod:7"}}},
		{"vendor", []string{"go.mod", req, "main.go", main, "vendor/modules.txt", "# example.com/a v1.0.0\n## explicit\n"}, nil},
		{"replaced", []string{"go.mod", req + "replace example.com/a => ./a\nreplace example.com/b => example.com/c v1.0.0\n", "main.go", main,
			"a/go.mod", "module example.com/a\n"}, nil},
		{"workspace", []string{"go.work", "go 1.26.0\n\nuse (\n\t./app\n\t./lib\n)\n",
			"go.work.sum", "example.com/b v1.2.0/go.mod h1:y=\n",
			"app/go.mod", "module example.org/app\n\ngo 1.26.0\n\nrequire (\n\texample.org/lib v0.0.0\n\texample.com/a v1.0.0\n)\n", "app/main.go", main,
			"lib/go.mod", "module example.org/lib\n\ngo 1.26.0\n\nrequire example.com/b v1.2.0\n", "lib/go.sum", "example.com/a v1.0.0/go.mod h1:x=\n"}, nil},
		{"workspace, missing", []string{"go.work", "go 1.26.0\n\nuse ./app\n",
			"app/go.mod", "module example.org/app\n\ngo 1.26.0\n\nrequire example.com/a v1.0.0\n", "app/main.go", main},
			[]Unsummed{{"example.com/a", "v1.0.0", "app/go.mod:5"}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := mustAnalyze(t, tree(tt.fsys...))
			if !reflect.DeepEqual(p.Unsummed, tt.want) {
				t.Errorf("Unsummed = %+v, want %+v", p.Unsummed, tt.want)
			}
		})
	}
}
