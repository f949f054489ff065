package analyze

import (
	"go/ast"
	"go/token"
)

// Static types, as a package's own code writes them: the one resolver of
// what type a name or an expression has, for two fact finders.
//
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
// Decoded structs: the target of viper.Unmarshal(&c) is the struct type
// c is declared with (var c Config, c := &Config{}, a parameter c
// *Config, a package variable, var c struct{…}), whose fields are then
// keyed (decodeInto in decode.go asks typeIn).
//
// A variable's static type is fixed where it is declared, so only
// declarations count, scoped by block: the c of one case of a switch is
// not the c of the next.

// typeRef is a named type: its package's import path and its name; the
// zero value is an unknown type.
type typeRef struct{ pkg, name string }

// staticType is the static type of a name or an expression: the named
// type it is, and the type expression the code writes for it.
type staticType struct {
	ref typeRef // zero for an anonymous type (struct{…}) or an unknown one
	// expr is the type as written (Config, *Config, struct{…}); nil when
	// unknown, or known only by ref (the result of another package's
	// function).
	expr    ast.Expr
	imports map[string]string // of the file expr is written in
}

// pkgTypes is what a package says about types at package level: the
// result types of its functions and the types of its variables.
type pkgTypes struct {
	funcs map[string]staticType
	vars  map[string]staticType
}

// newPkgTypes reads the package-level declarations of a package's files
// (nil entries are skipped).
func newPkgTypes(pkgPath string, files []*ast.File) *pkgTypes {
	pt := &pkgTypes{funcs: map[string]staticType{}, vars: map[string]staticType{}}
	for _, f := range files {
		if f == nil {
			continue
		}
		imports := importNames(f)
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if ok && fd.Recv == nil && fd.Type.Results != nil && len(fd.Type.Results.List) > 0 {
				pt.funcs[fd.Name.Name] = written(fd.Type.Results.List[0].Type, pkgPath, imports)
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
					ts.declareSpec(spec.(*ast.ValueSpec), func(name string, t staticType) { pt.vars[name] = t })
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

// written returns the static type a type expression of a file (with its
// import names) writes.
func written(e ast.Expr, pkgPath string, imports map[string]string) staticType {
	return staticType{typeOfTypeExpr(e, pkgPath, imports), e, imports}
}

// typeScope walks the functions of one file with the names declared in
// each block, and records the selectors x.M whose x has a known type, or
// the type of the one expression it was asked about.
type typeScope struct {
	pkgPath string
	imports map[string]string
	pt      *pkgTypes
	frames  []map[string]staticType // innermost last; nil maps for blocks that declare nothing yet
	entered []entered               // the nodes the walk is in, outermost first
	out     map[*ast.SelectorExpr]typeRef
	want    ast.Node   // the expression asked about (typeIn), nil for none
	found   staticType // its type, once the walk has reached it
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

// typeIn returns the static type of e, an expression of f inside the
// function declaration fn (nil: at package level), in the scope where it
// appears.
func typeIn(f *ast.File, fn ast.Node, e ast.Expr, pkgPath string, pt *pkgTypes) staticType {
	ts := &typeScope{pkgPath: pkgPath, imports: importNames(f), pt: pt, want: e}
	if fn == nil {
		return ts.exprType(e)
	}
	ast.Inspect(fn, ts.visit)
	return ts.found
}

// visit enters n (nil: leaves the last node entered), opening a frame for
// the nodes that open a scope and declaring what they declare.
func (ts *typeScope) visit(n ast.Node) bool {
	if n == nil {
		ts.leave()
		return true
	}
	if ts.want != nil && n == ts.want {
		ts.found = ts.exprType(n.(ast.Expr))
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
					ts.declare(id.Name, staticType{})
				}
			}
		}
	case *ast.SelectorExpr:
		opens = false
		if id, ok := n.X.(*ast.Ident); ok && ts.out != nil {
			if t := ts.lookup(id.Name); t.ref.name != "" {
				ts.out[n] = t.ref
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
			var t staticType
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
func (ts *typeScope) declareSpec(vs *ast.ValueSpec, declare func(string, staticType)) {
	for i, id := range vs.Names {
		var t staticType
		switch {
		case vs.Type != nil:
			t = ts.written(vs.Type)
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
		t := ts.written(f.Type)
		for _, id := range f.Names {
			ts.declare(id.Name, t)
		}
	}
}

// written returns the static type a type expression of the file writes.
func (ts *typeScope) written(e ast.Expr) staticType {
	if e == nil {
		return staticType{} // x.(type)
	}
	return written(e, ts.pkgPath, ts.imports)
}

// exprType returns the static type of an expression when the package's
// own code says it: &T{…}, T{…}, new(T), x.(T), a variable in scope, or a
// call of a package function with a declared result type. &x has the
// type of x: an Unmarshal target and a receiver alike.
func (ts *typeScope) exprType(e ast.Expr) staticType {
	switch e := e.(type) {
	case *ast.ParenExpr:
		return ts.exprType(e.X)
	case *ast.UnaryExpr:
		if e.Op == token.AND {
			return ts.exprType(e.X)
		}
	case *ast.CompositeLit:
		return ts.written(e.Type)
	case *ast.TypeAssertExpr:
		return ts.written(e.Type)
	case *ast.Ident:
		return ts.lookup(e.Name)
	case *ast.CallExpr:
		if sel, ok := e.Fun.(*ast.SelectorExpr); ok {
			return staticType{ref: ts.pkgCallType(sel)}
		}
		id, ok := e.Fun.(*ast.Ident)
		if !ok {
			return staticType{}
		}
		if id.Name == "new" && len(e.Args) == 1 && !ts.lookup("new").known() {
			return ts.written(e.Args[0])
		}
		if _, local := ts.find(id.Name); !local && ts.pt != nil {
			return ts.pt.funcs[id.Name]
		}
	}
	return staticType{}
}

// known reports whether anything is known of the type.
func (t staticType) known() bool { return t.ref.name != "" || t.expr != nil }

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

// declare declares name in the innermost frame; the zero staticType hides
// an outer name of a known type.
func (ts *typeScope) declare(name string, t staticType) {
	if name == "_" || len(ts.frames) == 0 {
		return
	}
	top := len(ts.frames) - 1
	if ts.frames[top] == nil {
		ts.frames[top] = map[string]staticType{}
	}
	ts.frames[top][name] = t
}

// find returns the type of a name declared in the function, and whether
// it is declared there.
func (ts *typeScope) find(name string) (staticType, bool) {
	for i := len(ts.frames) - 1; i >= 0; i-- {
		if t, ok := ts.frames[i][name]; ok {
			return t, true
		}
	}
	return staticType{}, false
}

// lookup returns the type of a name in scope: the function's own names,
// then the package's variables.
func (ts *typeScope) lookup(name string) staticType {
	if t, ok := ts.find(name); ok {
		return t
	}
	if ts.pt == nil {
		return staticType{}
	}
	return ts.pt.vars[name]
}
