package analyze

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"
)

var generateDirective = []byte("//go:generate ")

// generateFacts finds the go:generate commands a local package needs run
// before it compiles: the package has //go:generate directives and uses
// identifiers that no file of it defines (their output is not committed).
// Packages without directives (the opener notes the files that have one)
// are not read again; the others are parsed once, however many mains
// import them.
func (a *analyzer) generateFacts(res *resolver, p *pkg) []Generate {
	if p.bp == nil || !p.local || strings.HasPrefix(p.dir, "vendor/") {
		return nil // vendored packages are built as committed
	}
	names := append(append([]string(nil), p.bp.GoFiles...), p.bp.CgoFiles...)
	if !slices.ContainsFunc(names, func(name string) bool { return a.hasGenerate(path.Join(p.dir, name)) }) {
		return nil
	}
	if g, ok := a.gens[p]; ok {
		return g
	}
	if a.gens == nil {
		a.gens = map[*pkg][]Generate{}
	}
	a.gens[p] = a.packageGenerate(res, p, names)
	return a.gens[p]
}

// packageGenerate parses the files of p (names) for generateFacts.
func (a *analyzer) packageGenerate(res *resolver, p *pkg, names []string) []Generate {
	srcs := make([][]byte, len(names))
	for i, name := range names {
		src, err := fs.ReadFile(a.fsys, path.Join(p.dir, name))
		if err != nil {
			return nil
		}
		srcs[i] = src
	}
	fset := token.NewFileSet()
	declared := map[string]bool{}
	var files []*ast.File
	for i, name := range names {
		f, err := parser.ParseFile(fset, name, srcs[i], parser.ParseComments)
		if err != nil {
			return nil // a syntax error is the compiler's to report
		}
		files = append(files, f)
		for n := range f.Scope.Objects {
			declared[n] = true
		}
	}
	undefined := map[string]bool{}
	for _, f := range files {
		imported := importNames(f)
		for _, id := range f.Unresolved {
			n := id.Name
			if declared[n] || imported[n] != "" || n == "_" || n == "C" || types.Universe.Lookup(n) != nil || isDotImported(f) {
				continue
			}
			undefined[n] = true
		}
	}
	if len(undefined) == 0 {
		return nil
	}
	var undef []string
	for n := range undefined {
		undef = append(undef, n)
	}
	sort.Strings(undef)
	var out []Generate
	for i, f := range files {
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				cmd, ok := strings.CutPrefix(c.Text, string(generateDirective))
				if !ok {
					continue
				}
				cmd = strings.TrimSpace(cmd)
				out = append(out, Generate{
					Dir:       p.dir,
					Command:   cmd,
					Pos:       fmt.Sprintf("%s:%d", path.Join(p.dir, names[i]), fset.Position(c.Pos()).Line),
					Undefined: undef,
					Runnable:  res.runnable(p.dir, cmd),
				})
			}
		}
	}
	return out
}

// isDotImported reports whether a file imports a package with ".": its
// names are then unknowable without that package.
func isDotImported(f *ast.File) bool {
	for _, imp := range f.Imports {
		if imp.Name != nil && imp.Name.Name == "." {
			return true
		}
	}
	return false
}

// runnable reports whether a go:generate command needs nothing beyond the
// module and its requirements: go run of a file or directory of the
// project, of a package of a project module, or of a required module's
// package (without @version, which would need the network and another
// module's checksums).
func (r *resolver) runnable(dir, cmd string) bool {
	fields := strings.Fields(cmd)
	if len(fields) < 3 || fields[0] != "go" || fields[1] != "run" {
		return false
	}
	target := ""
	for _, f := range fields[2:] {
		if !strings.HasPrefix(f, "-") {
			target = f
			break
		}
	}
	switch {
	case target == "" || strings.Contains(target, "@"):
		return false
	case strings.HasSuffix(target, ".go") || strings.HasPrefix(target, "./") || strings.HasPrefix(target, "../") || target == ".":
		return true
	}
	for _, m := range r.mods {
		if within(target, m.Path) {
			return true
		}
	}
	return r.moduleOf(target) != ""
}
