package analyze

import (
	"go/ast"
	"go/token"
	"slices"
	"strconv"
)

// Code for other systems: every image dockgen writes runs linux, so a
// branch on runtime.GOOS that never runs there says nothing about the
// image. Caddy's AppDataDir, for one, returns
// ~/Library/Application Support/Caddy in its darwin case; without this, the
// image would get a directory for it. Both the value tracing (what a name
// or a function's return can be) and the facts (calls, graph edges) skip
// such branches.

// linuxDead returns the parts of n that never run on linux: the clauses of
// a switch on runtime.GOOS that list other systems only (and its default,
// when a clause lists linux), the body of if runtime.GOOS == "windows"
// (also as an operand of &&: home == "" && runtime.GOOS == "plan9"), the
// else of if runtime.GOOS == "linux", and the reverse for !=.
func linuxDead(n ast.Node, imports map[string]string) []ast.Node {
	switch n := n.(type) {
	case *ast.SwitchStmt:
		if n.Tag == nil || !isGOOS(n.Tag, imports) {
			return nil
		}
		return deadClauses(n.Body.List)
	case *ast.IfStmt:
		if be, ok := n.Cond.(*ast.BinaryExpr); ok && (be.Op == token.EQL || be.Op == token.NEQ) {
			if sys, ok := goosCompare(be, imports); ok && (sys == "linux") == (be.Op == token.EQL) {
				if n.Else != nil {
					return []ast.Node{n.Else}
				}
				return nil
			}
		}
		if falseOnLinux(n.Cond, imports) {
			return []ast.Node{n.Body}
		}
	}
	return nil
}

// falseOnLinux reports whether a condition is false on linux: a comparison
// with runtime.GOOS that names another system (runtime.GOOS == "windows",
// runtime.GOOS != "linux"), alone, as one operand of &&, or as every
// operand of ||.
func falseOnLinux(cond ast.Expr, imports map[string]string) bool {
	switch c := cond.(type) {
	case *ast.ParenExpr:
		return falseOnLinux(c.X, imports)
	case *ast.BinaryExpr:
		switch c.Op {
		case token.LAND:
			return falseOnLinux(c.X, imports) || falseOnLinux(c.Y, imports)
		case token.LOR:
			return falseOnLinux(c.X, imports) && falseOnLinux(c.Y, imports)
		case token.EQL, token.NEQ:
			sys, ok := goosCompare(c, imports)
			return ok && (sys == "linux") != (c.Op == token.EQL)
		}
	}
	return false
}

// deadClauses returns the clauses of a switch on runtime.GOOS that do not
// run on linux.
func deadClauses(clauses []ast.Stmt) []ast.Node {
	listed := func(cc *ast.CaseClause) (systems []string, known bool) {
		for _, e := range cc.List {
			lit, ok := e.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return nil, false
			}
			s, _ := strconv.Unquote(lit.Value)
			systems = append(systems, s)
		}
		return systems, true
	}
	linuxListed := false
	for _, st := range clauses {
		sys, known := listed(st.(*ast.CaseClause))
		if !known {
			return nil // a case the code computes: any may be linux
		}
		linuxListed = linuxListed || slices.Contains(sys, "linux")
	}
	// A clause runs on linux when it lists linux, when it is the default
	// and none does, or when a clause that runs falls through into it.
	live := false
	var dead []ast.Node
	for _, st := range clauses {
		cc := st.(*ast.CaseClause)
		sys, _ := listed(cc)
		live = live || cc.List == nil && !linuxListed || slices.Contains(sys, "linux")
		if !live {
			dead = append(dead, cc)
		}
		live = live && endsInFallthrough(cc)
	}
	return dead
}

// endsInFallthrough reports whether a case clause ends with fallthrough.
func endsInFallthrough(cc *ast.CaseClause) bool {
	if len(cc.Body) == 0 {
		return false
	}
	br, ok := cc.Body[len(cc.Body)-1].(*ast.BranchStmt)
	return ok && br.Tok == token.FALLTHROUGH
}

// goosCompare returns the system a comparison with runtime.GOOS names:
// runtime.GOOS == "darwin", "windows" != runtime.GOOS.
func goosCompare(be *ast.BinaryExpr, imports map[string]string) (string, bool) {
	x, y := be.X, be.Y
	if !isGOOS(x, imports) {
		x, y = y, x
	}
	lit, ok := y.(*ast.BasicLit)
	if !isGOOS(x, imports) || !ok || lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, err == nil
}

// isGOOS reports whether e is runtime.GOOS.
func isGOOS(e ast.Expr, imports map[string]string) bool {
	p, name, ok := qualified(imports, e)
	return ok && p == "runtime" && name == "GOOS"
}
