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
// when a clause lists linux), the clauses of a switch with no tag whose
// every case is false on linux (and its default, when a case is true
// there), the body of if runtime.GOOS == "windows" (also as an operand of
// &&: home == "" && runtime.GOOS == "plan9"), the else of if runtime.GOOS
// == "linux", and the reverse for !=. runtime.GOOS may be named in the
// statement's init: if goos := runtime.GOOS; goos == "windows".
func linuxDead(n ast.Node, imports map[string]string) []ast.Node {
	switch n := n.(type) {
	case *ast.SwitchStmt:
		g := goosOf(imports, n.Init)
		if n.Tag == nil {
			return g.deadCases(n.Body.List)
		}
		if !g.is(n.Tag) {
			return nil
		}
		return deadClauses(n.Body.List)
	case *ast.IfStmt:
		return goosOf(imports, n.Init).deadInChain(n)
	}
	return nil
}

// deadInChain returns the parts of an if / else if chain that never run on
// linux. The name an init gives runtime.GOOS stays in scope down the chain
// (if goos := runtime.GOOS; goos == "windows" { … } else if goos ==
// "darwin" { … }) unless a later init declares it again.
func (g goos) deadInChain(n *ast.IfStmt) []ast.Node {
	var dead []ast.Node
	for cur := n; cur != nil; {
		if cur != n && cur.Init != nil {
			if inner := goosOf(g.imports, cur.Init); inner.alias != "" || declares(cur.Init, g.alias) {
				g.alias = inner.alias
			}
		}
		if g.trueOnLinux(cur.Cond) {
			if cur.Else != nil {
				dead = append(dead, cur.Else)
			}
			break
		}
		if g.falseOnLinux(cur.Cond) {
			dead = append(dead, cur.Body)
		}
		cur, _ = cur.Else.(*ast.IfStmt)
	}
	return dead
}

// declares reports whether the statement st declares name (name := …).
func declares(st ast.Stmt, name string) bool {
	as, ok := st.(*ast.AssignStmt)
	if !ok || as.Tok != token.DEFINE || name == "" {
		return false
	}
	for _, l := range as.Lhs {
		if id, ok := l.(*ast.Ident); ok && id.Name == name {
			return true
		}
	}
	return false
}

// goos tells the expressions that are runtime.GOOS in one statement.
type goos struct {
	imports map[string]string
	alias   string // a name the statement's init gives runtime.GOOS; "" for none
}

// goosOf returns the goos of a statement with init: x := runtime.GOOS
// makes x one more name for it.
func goosOf(imports map[string]string, init ast.Stmt) goos {
	g := goos{imports: imports}
	if as, ok := init.(*ast.AssignStmt); ok && as.Tok == token.DEFINE && len(as.Lhs) == 1 && len(as.Rhs) == 1 && g.is(as.Rhs[0]) {
		if id, ok := as.Lhs[0].(*ast.Ident); ok {
			g.alias = id.Name
		}
	}
	return g
}

// is reports whether e is runtime.GOOS.
func (g goos) is(e ast.Expr) bool {
	if id, ok := e.(*ast.Ident); ok && g.alias != "" {
		return id.Name == g.alias
	}
	p, name, ok := qualified(g.imports, e)
	return ok && p == "runtime" && name == "GOOS"
}

// falseOnLinux reports whether a condition is false on linux: a comparison
// with runtime.GOOS that names another system (runtime.GOOS == "windows",
// runtime.GOOS != "linux"), alone, as one operand of &&, or as every
// operand of ||.
func (g goos) falseOnLinux(cond ast.Expr) bool {
	v, known := g.onLinux(cond)
	return known && !v
}

// trueOnLinux reports whether a condition is true on linux: the reverse.
func (g goos) trueOnLinux(cond ast.Expr) bool {
	v, known := g.onLinux(cond)
	return known && v
}

// onLinux returns the value of a condition on linux, when its comparisons
// with runtime.GOOS decide it.
func (g goos) onLinux(cond ast.Expr) (v, known bool) {
	switch c := cond.(type) {
	case *ast.ParenExpr:
		return g.onLinux(c.X)
	case *ast.BinaryExpr:
		switch c.Op {
		case token.LAND, token.LOR:
			x, kx := g.onLinux(c.X)
			y, ky := g.onLinux(c.Y)
			// One operand decides: false for &&, true for ||.
			decides := c.Op == token.LOR
			if kx && x == decides || ky && y == decides {
				return decides, true
			}
			return !decides, kx && ky
		case token.EQL, token.NEQ:
			sys, ok := g.compare(c)
			return (sys == "linux") == (c.Op == token.EQL), ok
		}
	}
	return false, false
}

// deadCases returns the clauses of a switch with no tag that do not run on
// linux: those whose every case is false there, and the default when a
// case is true there, unless a clause that runs falls through into them.
func (g goos) deadCases(clauses []ast.Stmt) []ast.Node {
	someTrue := false
	for _, st := range clauses {
		for _, e := range st.(*ast.CaseClause).List {
			someTrue = someTrue || g.trueOnLinux(e)
		}
	}
	var dead []ast.Node
	live := false
	for _, st := range clauses {
		cc := st.(*ast.CaseClause)
		never := cc.List == nil && someTrue
		if cc.List != nil {
			never = true
			for _, e := range cc.List {
				never = never && g.falseOnLinux(e)
			}
		}
		live = live || !never
		if !live {
			dead = append(dead, cc)
		}
		live = live && endsInFallthrough(cc)
	}
	return dead
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

// compare returns the system a comparison with runtime.GOOS names:
// runtime.GOOS == "darwin", "windows" != runtime.GOOS.
func (g goos) compare(be *ast.BinaryExpr) (string, bool) {
	x, y := be.X, be.Y
	if !g.is(x) {
		x, y = y, x
	}
	lit, ok := y.(*ast.BasicLit)
	if !g.is(x) || !ok || lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, err == nil
}
