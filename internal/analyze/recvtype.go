package analyze

import (
	"go/ast"
	"go/token"
)

// Receiver types: a call x.M() names no type, so the call graph used to
// join it to every method called M (".M" → "pkg.T.M"). When the static
// type of x is known from the function's own code — x is a receiver or a
// parameter of a named type, or a variable declared with a type, a
// composite literal (&T{}, T{}), new(T), a type assertion, or the result
// of a function whose result type is named (c := NewMountCommand(), client
// := http.NewClient(): another package's is looked up once its graph is
// joined) — the call is joined to that type's method only
// ("pkg.T.M"), and to every method called M only when T declares none (an
// interface, a method promoted from an embedded field): see
// graph.typedEdge and joinedGraph.walk.
//
// A variable's static type is fixed where it is declared, so only
// declarations count, scoped by block: the c of one case of a switch is
// not the c of the next.

// typeRef is a named type: its package's import path and its name; the
// zero value is an unknown type.
type typeRef struct{ pkg, name string }

// pkgTypes is what a package says about types at package level: the
// named result types of its functions and the types of its variables.
type pkgTypes struct {
	funcs map[string]typeRef
	vars  map[string]typeRef
}

// newPkgTypes reads the package-level declarations of a package's files
// (nil entries are skipped).
func newPkgTypes(pkgPath string, files []*ast.File) *pkgTypes {
	pt := &pkgTypes{funcs: map[string]typeRef{}, vars: map[string]typeRef{}}
	for _, f := range files {
		if f == nil {
			continue
		}
		imports := importNames(f)
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if ok && fd.Recv == nil && fd.Type.Results != nil && len(fd.Type.Results.List) > 0 {
				pt.funcs[fd.Name.Name] = typeOfTypeExpr(fd.Type.Results.List[0].Type, pkgPath, imports)
			}
		}
	}
	for _, f := range files {
		if f == nil {
			continue
		}
		ts := &typeScope{pkgPath: pkgPath, imports: importNames(f), pt: pt}
		for _, d := range f.Decls {
			if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.VAR {
				for _, spec := range gd.Specs {
					ts.declareSpec(spec.(*ast.ValueSpec), func(name string, t typeRef) { pt.vars[name] = t })
				}
			}
		}
	}
	return pt
}

// typeOfTypeExpr returns the named type a type expression names through
// pointers and type arguments: T, *T, pkg.T, T[P].
func typeOfTypeExpr(e ast.Expr, pkgPath string, imports map[string]string) typeRef {
	switch e := e.(type) {
	case *ast.StarExpr:
		return typeOfTypeExpr(e.X, pkgPath, imports)
	case *ast.IndexExpr:
		return typeOfTypeExpr(e.X, pkgPath, imports)
	case *ast.IndexListExpr:
		return typeOfTypeExpr(e.X, pkgPath, imports)
	case *ast.ParenExpr:
		return typeOfTypeExpr(e.X, pkgPath, imports)
	case *ast.Ident:
		return typeRef{pkgPath, e.Name}
	case *ast.SelectorExpr:
		if id, ok := e.X.(*ast.Ident); ok && imports[id.Name] != "" {
			return typeRef{imports[id.Name], e.Sel.Name}
		}
	}
	return typeRef{}
}

// typeScope walks the functions of one file with the names declared in
// each block, and records the selectors x.M whose x has a known type.
type typeScope struct {
	pkgPath string
	imports map[string]string
	pt      *pkgTypes
	frames  []map[string]typeRef // innermost last; nil maps for blocks that declare nothing yet
	entered []entered            // the nodes the walk is in, outermost first
	out     map[*ast.SelectorExpr]typeRef
}

// entered is a node the walk is in, and whether it opened a frame.
type entered struct {
	n     ast.Node
	opens bool
}

// receiverTypes returns the selectors x.M of f's functions whose x has a
// known static type, with that type.
func receiverTypes(f *ast.File, pkgPath string, pt *pkgTypes) map[*ast.SelectorExpr]typeRef {
	ts := &typeScope{pkgPath: pkgPath, imports: importNames(f), pt: pt, out: map[*ast.SelectorExpr]typeRef{}}
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok {
			ast.Inspect(fd, ts.visit)
		}
	}
	return ts.out
}

// visit enters n (nil: leaves the last node entered), opening a frame for
// the nodes that open a scope and declaring what they declare.
func (ts *typeScope) visit(n ast.Node) bool {
	if n == nil {
		ts.leave()
		return true
	}
	opens := true
	switch n := n.(type) {
	case *ast.FuncDecl:
		ts.open()
		if n.Recv != nil {
			ts.declareFields(n.Recv)
		}
		ts.declareFields(n.Type.Params)
		ts.declareFields(n.Type.Results)
	case *ast.FuncLit:
		ts.open()
		ts.declareFields(n.Type.Params)
	case *ast.BlockStmt, *ast.IfStmt, *ast.ForStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.CaseClause, *ast.CommClause:
		ts.open()
	case *ast.RangeStmt:
		ts.open()
		if n.Tok == token.DEFINE {
			for _, e := range []ast.Expr{n.Key, n.Value} {
				if id, ok := e.(*ast.Ident); ok {
					ts.declare(id.Name, typeRef{})
				}
			}
		}
	case *ast.SelectorExpr:
		opens = false
		if id, ok := n.X.(*ast.Ident); ok {
			if t := ts.lookup(id.Name); t.name != "" {
				ts.out[n] = t
			}
		}
	default:
		opens = false
	}
	ts.entered = append(ts.entered, entered{n, opens})
	return true
}

// declareAfter declares the names of a := or var statement, once the walk
// has left it: its right side sees the names of the enclosing scope
// (c := c.Next()).
func (ts *typeScope) declareAfter(n ast.Node) {
	switch n := n.(type) {
	case *ast.AssignStmt:
		if n.Tok != token.DEFINE {
			return // an assignment does not change a variable's static type
		}
		for i, lhs := range n.Lhs {
			id, ok := lhs.(*ast.Ident)
			if !ok {
				continue
			}
			var t typeRef
			switch {
			case len(n.Lhs) == len(n.Rhs):
				t = ts.exprType(n.Rhs[i])
			case i == 0 && len(n.Rhs) == 1:
				t = ts.exprType(n.Rhs[0]) // c, err := NewC(); v, ok := x.(T)
			}
			ts.declare(id.Name, t)
		}
	case *ast.ValueSpec:
		ts.declareSpec(n, ts.declare)
	}
}

// declareSpec declares the names of var x T, var x = expr.
func (ts *typeScope) declareSpec(vs *ast.ValueSpec, declare func(string, typeRef)) {
	for i, id := range vs.Names {
		var t typeRef
		switch {
		case vs.Type != nil:
			t = typeOfTypeExpr(vs.Type, ts.pkgPath, ts.imports)
		case len(vs.Values) == len(vs.Names):
			t = ts.exprType(vs.Values[i])
		case i == 0 && len(vs.Values) == 1:
			t = ts.exprType(vs.Values[0])
		}
		declare(id.Name, t)
	}
}

// declareFields declares receivers, parameters: each name with its type.
func (ts *typeScope) declareFields(fl *ast.FieldList) {
	if fl == nil {
		return
	}
	for _, f := range fl.List {
		t := typeOfTypeExpr(f.Type, ts.pkgPath, ts.imports)
		for _, id := range f.Names {
			ts.declare(id.Name, t)
		}
	}
}

// exprType returns the static type of an expression when the package's
// own code says it: &T{…}, T{…}, new(T), x.(T), a variable in scope, or a
// call of a package function with a named result type.
func (ts *typeScope) exprType(e ast.Expr) typeRef {
	switch e := e.(type) {
	case *ast.ParenExpr:
		return ts.exprType(e.X)
	case *ast.UnaryExpr:
		if e.Op == token.AND {
			return ts.exprType(e.X)
		}
	case *ast.CompositeLit:
		return typeOfTypeExpr(e.Type, ts.pkgPath, ts.imports)
	case *ast.TypeAssertExpr:
		return typeOfTypeExpr(e.Type, ts.pkgPath, ts.imports) // nil in x.(type): unknown
	case *ast.Ident:
		return ts.lookup(e.Name)
	case *ast.CallExpr:
		if sel, ok := e.Fun.(*ast.SelectorExpr); ok {
			return ts.pkgCallType(sel)
		}
		id, ok := e.Fun.(*ast.Ident)
		if !ok {
			return typeRef{}
		}
		if id.Name == "new" && len(e.Args) == 1 && ts.lookup("new").name == "" {
			return typeOfTypeExpr(e.Args[0], ts.pkgPath, ts.imports)
		}
		if _, local := ts.find(id.Name); !local {
			return ts.pt.funcs[id.Name]
		}
	}
	return typeRef{}
}

// pkgCallType returns the type of a call of another package's function
// pkg.F(): its result type is known only once that package's graph is
// joined, so the type stands for it, named "F()" (resultSuffix).
func (ts *typeScope) pkgCallType(sel *ast.SelectorExpr) typeRef {
	id, ok := sel.X.(*ast.Ident)
	if !ok || ts.imports[id.Name] == "" {
		return typeRef{}
	}
	if _, local := ts.find(id.Name); local {
		return typeRef{} // a variable named like the package
	}
	return typeRef{ts.imports[id.Name], sel.Sel.Name + resultSuffix}
}

// resultSuffix ends the name of a typeRef that stands for the result type
// of a function of another package: typeRef{"example.org/m/http",
// "NewClient()"}.
const resultSuffix = "()"

// open opens a frame for a new scope.
func (ts *typeScope) open() { ts.frames = append(ts.frames, nil) }

// leave leaves the last node entered, closing its frame if it opened one
// and declaring what it declares.
func (ts *typeScope) leave() {
	last := ts.entered[len(ts.entered)-1]
	ts.entered = ts.entered[:len(ts.entered)-1]
	if last.opens {
		ts.frames = ts.frames[:len(ts.frames)-1]
	}
	ts.declareAfter(last.n)
}

// declare declares name in the innermost frame; the zero typeRef hides an
// outer name of a known type.
func (ts *typeScope) declare(name string, t typeRef) {
	if name == "_" || len(ts.frames) == 0 {
		return
	}
	top := len(ts.frames) - 1
	if ts.frames[top] == nil {
		ts.frames[top] = map[string]typeRef{}
	}
	ts.frames[top][name] = t
}

// find returns the type of a name declared in the function, and whether
// it is declared there.
func (ts *typeScope) find(name string) (typeRef, bool) {
	for i := len(ts.frames) - 1; i >= 0; i-- {
		if t, ok := ts.frames[i][name]; ok {
			return t, true
		}
	}
	return typeRef{}, false
}

// lookup returns the type of a name in scope: the function's own names,
// then the package's variables.
func (ts *typeScope) lookup(name string) typeRef {
	if t, ok := ts.find(name); ok {
		return t
	}
	if ts.pt == nil {
		return typeRef{}
	}
	return ts.pt.vars[name]
}
