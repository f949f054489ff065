package analyze

import (
	"fmt"
	"go/ast"
	"path"
	"regexp"
	"slices"
	"strings"
)

// dataCalls are calls that write files or open a database file: the
// argument index of the path, and whether the path is a directory.
var dataCalls = []struct {
	pkgPath, name string
	arg           int
	dir           bool
}{
	{"os", "MkdirAll", 0, true}, {"os", "Mkdir", 0, true},
	{"os", "Create", 0, false}, {"os", "WriteFile", 0, false}, {"os", "OpenFile", 0, false},
	{"gorm.io/driver/sqlite", "Open", 0, false},
	{"github.com/glebarez/sqlite", "Open", 0, false},
	{"github.com/glebarez/go-sqlite", "Open", 0, false},
}

// sqliteDrivers are database/sql driver names of sqlite.
var sqliteDrivers = []string{"sqlite3", "sqlite"}

// dataCall records the directory a call writes to by default.
func (s *fileScan) dataCall(c *ast.CallExpr) {
	p, name, ok := s.pkgSel(c.Fun)
	if !ok {
		return
	}
	if p == "database/sql" && name == "Open" && len(c.Args) == 2 {
		if slices.Contains(sqliteDrivers, stringLit(c.Args[0])) {
			s.dataPath(c.Args[1], false, "opens the sqlite database")
		}
		return
	}
	for _, d := range dataCalls {
		if d.pkgPath == p && d.name == name && d.arg < len(c.Args) {
			what := "writes"
			if d.dir {
				what = "creates the directory"
			} else if strings.Contains(p, "sqlite") {
				what = "opens the sqlite database"
			}
			s.dataPath(c.Args[d.arg], d.dir, what)
		}
	}
}

// dataPath records the directory of a written path, when it traces to a
// literal default.
func (s *fileScan) dataPath(e ast.Expr, isDir bool, what string) {
	for _, v := range s.values.eval(e, s.imports).vals {
		v = strings.TrimPrefix(v, "file:")
		if i := strings.IndexByte(v, '?'); i >= 0 {
			v = v[:i]
		}
		if v == "" || v == HomeDir || strings.Contains(v, ":memory:") || strings.HasPrefix(v, "mode=memory") || strings.Contains(v, "://") {
			continue
		}
		dir := path.Clean(v)
		if !isDir {
			s.out.writes = append(s.out.writes, strFact{dir, Evidence{}, s.fn, s.dev > 0})
			dir = path.Dir(dir)
		}
		if dir == "/" || strings.HasPrefix(dir, "/tmp") || strings.HasPrefix(dir, "/dev") || strings.HasPrefix(dir, "/proc") || dir == ".." || strings.HasPrefix(dir, "../") {
			continue
		}
		s.out.dataDirs = append(s.out.dataDirs, strFact{dir, s.ev(FactDataDir, e.Pos(), fmt.Sprintf("%s %q", what, v)), s.fn, false})
	}
}

// devWordRE matches names and strings of development settings.
var devWordRE = regexp.MustCompile(`(?i)(^|[^a-z])(dev|devel|development|debug|local|livereload|hotreload)([^a-z]|$)|^(is)?dev(mode)?$|devmode|DEV_`)

// isDevCondition reports whether an if condition tests a development
// setting: a name or string such as dev, devMode, DEBUG, "development".
func isDevCondition(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Ident:
			found = found || devWordRE.MatchString(n.Name)
		case *ast.BasicLit:
			if v := stringLit(n); v != "" {
				found = found || devWordRE.MatchString(v)
			}
		}
		return !found
	})
	return found
}

// dropEmbeddedDevFiles leaves out run-time files that are read only on a
// development path and embedded otherwise: the image has them already.
func dropEmbeddedDevFiles(m *Main, devOnly map[string]bool) {
	kept := m.RuntimeFiles[:0]
	for _, rf := range m.RuntimeFiles {
		if devOnly[rf.Source] && embedsUnder(m.EmbedFiles, rf.Source) {
			m.Evidence = append(m.Evidence, Evidence{Fact: FactRuntimeFS, Pos: rf.Source, Detail: "read from disk only on a development path, embedded otherwise: not copied"})
			continue
		}
		kept = append(kept, rf)
	}
	m.RuntimeFiles = kept
}

// embedsUnder reports whether an embedded file is src or lies below it.
func embedsUnder(files []string, src string) bool {
	for _, f := range files {
		if f == src || strings.HasPrefix(f, src+"/") {
			return true
		}
	}
	return false
}
