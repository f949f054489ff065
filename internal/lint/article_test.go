package lint

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

// TestArticle lints the cases of the reference article behind dockgen
// (../shared/reference), written in our own words under testdata/article:
// its "DON'T do this" Dockerfile and each of its five common mistakes. Each
// archive holds the Dockerfile, the files beside it, and "want": every
// finding, as LINE RULE, in order.
func TestArticle(t *testing.T) {
	archives, err := filepath.Glob("testdata/article/*.txtar")
	if err != nil || len(archives) < 6 {
		t.Fatalf("want the DON'T case and the five mistakes in testdata/article, found %v (%v)", archives, err)
	}
	for _, file := range archives {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			var want []string
			for _, f := range ar.Files {
				if f.Name == "want" {
					want = strings.Split(strings.Trim(string(f.Data), "\n"), "\n")
					continue
				}
				if err := os.WriteFile(filepath.Join(dir, f.Name), f.Data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			name := filepath.Join(dir, "Dockerfile")
			data, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			opts, err := Load(name, dir)
			if err != nil {
				t.Fatal(err)
			}
			found, err := Lint("Dockerfile", data, opts)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range found {
				got = append(got, fmt.Sprintf("%d %s", f.Line, f.Rule))
			}
			if !slices.Equal(got, want) {
				t.Errorf("findings:\n%s\nwant (LINE RULE):\n\t%s", dump(found), strings.Join(want, "\n\t"))
			}
		})
	}
}
