package analyze

import (
	"bytes"
	"errors"
	"fmt"
	"go/version"
	"io/fs"
	"path"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
)

// ErrNoGoMod is wrapped by the error Analyze returns when the directory holds
// neither a go.mod nor a go.work.
var ErrNoGoMod = errors.New("no go.mod or go.work")

// ErrNoMain is the error when the module or workspace has no main package.
var ErrNoMain = errors.New("no main package")

// readText reads a small text file from fsys and rejects directories and
// binary content with an error that names the file.
func (a *analyzer) readText(name string) ([]byte, error) {
	info, err := fs.Stat(a.fsys, name)
	if err != nil {
		return nil, err
	}
	if info.IsDir() {
		return nil, fmt.Errorf("%s is a directory, not a file", a.display(name))
	}
	data, err := fs.ReadFile(a.fsys, name)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", a.display(name), err)
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		line := 1 + bytes.Count(data[:i], []byte("\n"))
		return nil, fmt.Errorf("%s:%d: not a text file (NUL byte)", a.display(name), line)
	}
	return data, nil
}

// parseModFile reads and parses the go.mod of the module in dir.
func (a *analyzer) parseModFile(dir string) (*modfile.File, error) {
	name := path.Join(dir, "go.mod")
	data, err := a.readText(name)
	if err != nil {
		return nil, err
	}
	f, err := modfile.Parse(a.display(name), data, nil)
	if err != nil {
		return nil, firstModError(err)
	}
	if f.Module == nil || f.Module.Mod.Path == "" {
		return nil, fmt.Errorf("%s:1: no module directive", a.display(name))
	}
	// The go command refuses a module path it could not import from.
	if err := module.CheckImportPath(f.Module.Mod.Path); err != nil {
		var ip *module.InvalidPathError
		if errors.As(err, &ip) {
			err = ip.Err
		}
		return nil, fmt.Errorf("%s:%d: malformed module path %q: %w", a.display(name), f.Module.Syntax.Start.Line, f.Module.Mod.Path, err)
	}
	return f, nil
}

// firstModError keeps the first error of a modfile.ErrorList so that the
// person sees one line naming the file and line.
func firstModError(err error) error {
	var list modfile.ErrorList
	if errors.As(err, &list) && len(list) > 0 {
		err = &list[0]
	}
	// Some of modfile's messages are usage texts of several lines
	// ("usage: replace …\n\t or replace …"): the first says it.
	if msg, _, cut := strings.Cut(err.Error(), "\n"); cut {
		return oneLine{msg, err}
	}
	return err
}

// oneLine is an error shown by its first line, wrapping the whole.
type oneLine struct {
	msg string
	err error
}

func (e oneLine) Error() string { return e.msg }
func (e oneLine) Unwrap() error { return e.err }

// readModules fills the module facts of p: from go.work when the directory
// holds one, else from go.mod.
func (a *analyzer) readModules(p *Project) error {
	workData, err := a.readText("go.work")
	switch {
	case err == nil:
		return a.readWorkspace(p, workData)
	case !errors.Is(err, fs.ErrNotExist):
		return err
	}
	if _, err := fs.Stat(a.fsys, "go.mod"); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%w in %s", ErrNoGoMod, a.rootName())
	}
	f, err := a.parseModFile(".")
	if err != nil {
		return err
	}
	p.Module = f.Module.Mod.Path
	if f.Go != nil {
		p.Go = f.Go.Version
		p.GoPos = fmt.Sprintf("%s:%d", a.display("go.mod"), f.Go.Syntax.Start.Line)
	}
	if f.Toolchain != nil {
		p.Toolchain = f.Toolchain.Name
		p.ToolchainPos = fmt.Sprintf("%s:%d", a.display("go.mod"), f.Toolchain.Syntax.Start.Line)
	}
	p.HasGoSum = a.isFile("go.sum")
	p.Vendor = a.isFile("vendor/modules.txt") && atLeast(p.Go, "1.14")
	a.addModule(p, ".", f)
	return nil
}

// readWorkspace fills the module facts from a go.work file.
func (a *analyzer) readWorkspace(p *Project, data []byte) error {
	wf, err := modfile.ParseWork(a.display("go.work"), data, nil)
	if err != nil {
		return firstModError(err)
	}
	p.Workspace = true
	if wf.Go != nil {
		p.Go = wf.Go.Version
		p.GoPos = fmt.Sprintf("%s:%d", a.display("go.work"), wf.Go.Syntax.Start.Line)
	}
	if wf.Toolchain != nil {
		p.Toolchain = wf.Toolchain.Name
		p.ToolchainPos = fmt.Sprintf("%s:%d", a.display("go.work"), wf.Toolchain.Syntax.Start.Line)
	}
	p.Vendor = a.isFile("vendor/modules.txt") && atLeast(p.Go, "1.22")
	if len(wf.Use) == 0 {
		return fmt.Errorf("%s:1: no use directives", a.display("go.work"))
	}
	usedAt := map[string]int{} // directory or module path → line of its use
	for _, u := range wf.Use {
		if err := a.useModule(p, u, usedAt); err != nil {
			return err
		}
	}
	// Workspace-level replaces override module ones.
	for _, r := range wf.Replace {
		a.addReplace(p, ".", "go.work", r.New.Path, r.New.Version, r.Old.Path, r.Syntax.Start.Line)
	}
	return nil
}

// useModule reads the module of one use directive of go.work into p.
// usedAt holds the line of each directory and module used so far: the go
// command refuses a workspace that uses a directory, or a module, twice.
func (a *analyzer) useModule(p *Project, u *modfile.Use, usedAt map[string]int) error {
	dir := path.Clean(strings.ReplaceAll(u.Path, `\`, "/"))
	line := u.Syntax.Start.Line
	where := fmt.Sprintf("%s:%d", a.display("go.work"), line)
	if path.IsAbs(dir) || dir == ".." || strings.HasPrefix(dir, "../") {
		return fmt.Errorf("%s: use %s lies outside %s; run dockgen in the directory that holds every module of the workspace", where, shownPath(u.Path), a.rootName())
	}
	if at, dup := usedAt[dir]; dup {
		return fmt.Errorf("%s: use %s: the directory is already used at line %d", where, shownPath(u.Path), at)
	}
	f, err := a.parseModFile(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s: use %s: no go.mod there", where, shownPath(u.Path))
	}
	if err != nil {
		return err
	}
	if at, dup := usedAt["module "+f.Module.Mod.Path]; dup {
		return fmt.Errorf("%s: use %s: module %s is already used at line %d", where, shownPath(u.Path), f.Module.Mod.Path, at)
	}
	usedAt[dir], usedAt["module "+f.Module.Mod.Path] = line, line
	if p.Module == "" || dir == "." {
		p.Module = f.Module.Mod.Path
	}
	if dir == "." || !p.HasGoSum {
		p.HasGoSum = a.isFile("go.work.sum") || a.isFile(path.Join(dir, "go.sum")) || p.HasGoSum
	}
	a.addModule(p, dir, f)
	return nil
}

// addModule records a module, its requirements and its local replaces.
func (a *analyzer) addModule(p *Project, dir string, f *modfile.File) {
	p.Modules = append(p.Modules, Module{Path: f.Module.Mod.Path, Dir: dir})
	for _, r := range f.Require {
		p.Requires = append(p.Requires, Require{Path: r.Mod.Path, Version: r.Mod.Version, Indirect: r.Indirect})
	}
	for _, r := range f.Replace {
		a.addReplace(p, dir, path.Join(dir, "go.mod"), r.New.Path, r.New.Version, r.Old.Path, r.Syntax.Start.Line)
	}
}

// addReplace records a replace directive. Directives with a version replace
// one module by another and are left to the module loader.
func (a *analyzer) addReplace(p *Project, dir, file, target, version, old string, line int) {
	a.replaces[old] = replaceTarget{path: target, version: version, dir: path.Clean(path.Join(dir, target))}
	if version != "" || !modfile.IsDirectoryPath(target) {
		return
	}
	rel := path.Clean(path.Join(dir, strings.ReplaceAll(target, `\`, "/")))
	p.Replaces = append(p.Replaces, Replace{
		Old:     old,
		Dir:     rel,
		Outside: path.IsAbs(target) || rel == ".." || strings.HasPrefix(rel, "../"),
		Pos:     fmt.Sprintf("%s:%d", file, line),
	})
}

// atLeast reports whether the go version v (as in a go line, "1.21" or
// "1.21.3") is at least min. An empty v counts as old (go.mod files
// without a go line predate modules by default).
func atLeast(v, min string) bool {
	if v == "" {
		return false
	}
	return version.Compare("go"+v, "go"+min) >= 0
}

// modFiles lists the module metadata files that exist, in a stable order.
func (a *analyzer) modFiles(p *Project) []string {
	var names []string
	if p.Workspace {
		names = append(names, "go.work", "go.work.sum")
	}
	for _, m := range p.Modules {
		names = append(names, path.Join(m.Dir, "go.mod"), path.Join(m.Dir, "go.sum"))
	}
	for _, r := range p.Replaces {
		if !r.Outside {
			names = append(names, path.Join(r.Dir, "go.mod"))
		}
	}
	out := []string{}
	seen := map[string]bool{}
	for _, n := range names {
		if !seen[n] && a.isFile(n) {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}

// shownPath is a path from go.work or go.mod as a message shows it: quoted
// when it holds a space or a character that does not print, so that the
// message stays one line and the path's ends can be seen.
func shownPath(p string) string {
	if p == "" || strings.ContainsFunc(p, func(r rune) bool { return unicode.IsSpace(r) || !unicode.IsPrint(r) }) {
		return strconv.Quote(p)
	}
	return p
}
