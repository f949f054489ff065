package analyze

import (
	"fmt"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// astNeeds is what fileScan.needs finds in the syntax tree of src: the
// oracle tokenNeeds must agree with.
func astNeeds(t *testing.T, name string, src []byte) []Evidence {
	t.Helper()
	fset := token.NewFileSet()
	f, _ := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
	if f == nil {
		t.Fatalf("%s does not parse", name)
	}
	out := &pkgFacts{}
	s := &fileScan{file: name, imports: importNames(f), where: linePos(fset), out: out}
	s.needs(f)
	return out.needs
}

func linePos(fset *token.FileSet) func(string, token.Pos) string {
	return func(file string, pos token.Pos) string { return fmt.Sprintf("%s:%d", file, fset.Position(pos).Line) }
}

const tokenNeedsSample = `package dep

import (
	"crypto/tls"
	nethttp "net/http"
	"os"
	"time"
	"os/user"
)

// http.Get in a comment, and "http.Get" in a string, are no use.
var s = "nethttp.Get(x)"

type client struct {
	c    *nethttp.Client
	conf tls.Config
	http struct{ Get int }
}

func (c *client) do(loc string) {
	nethttp.DefaultClient.Do(nil)
	_ = c.http.Get
	x := struct{ os int }{}
	_ = x.os
	_ = x.os.TempDir
	_, _ = time.
		LoadLocation(loc)
	u, _ := user.Current()
	_ = u.Username
	_ = os.TempDir() + os.Getenv("HOME")
	_ = map[string]any{"a": tls.Dial}
	_ = []func(string) (*nethttp.Response, error){nethttp.Get}
}
`

// tokenNeeds finds what the syntax tree gives: the same evidence in the
// same order, on a sample with renamed imports, chains, field names that
// are package names, types, and names in comments and strings; and on
// every Go file of the test trees and examples.
func TestTokenNeedsMatchesTheTree(t *testing.T) {
	check := func(name string, src []byte) {
		want := astNeeds(t, name, src)
		fset := token.NewFileSet()
		got, ok := tokenNeeds(fset, name, src, linePos(fset))
		if !ok {
			return // the tree is used: nothing to compare
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: tokens give %v, the tree %v", name, got, want)
		}
	}
	sample := []byte(tokenNeedsSample)
	if len(astNeeds(t, "sample.go", sample)) < 6 {
		t.Fatalf("the sample should hold at least 6 needs, the tree finds %v", astNeeds(t, "sample.go", sample))
	}
	check("sample.go", sample)
	if _, ok := tokenNeeds(token.NewFileSet(), "form.go", []byte("package x\n\nfunc f(r interface{ FormFile(string) }) { r.FormFile(\"a\") }\n"), func(string, token.Pos) string { return "" }); ok {
		t.Error("a tmpMethods call should leave the file to the tree")
	}
	n := 0
	for _, root := range []string{"testdata", "../../examples"} {
		_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") {
				return nil
			}
			src, err := os.ReadFile(p)
			if err != nil {
				return nil
			}
			if f, err := parser.ParseFile(token.NewFileSet(), p, src, parser.SkipObjectResolution); f == nil || err != nil {
				return nil // the tree of a broken file is partial
			}
			n++
			check(p, src)
			return nil
		})
	}
	if n < 20 {
		t.Errorf("only %d files compared", n)
	}
}
