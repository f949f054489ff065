package analyze

import (
	"go/ast"
	"go/token"
)

// param is a parameter of a function or method of the package.
type param struct {
	fn       string // the function's or method's name
	index    int
	variadic bool
	method   bool
}

// paramIndex lists, for one file, the parameters of its functions by name,
// its calls by the name they call (x.F and F alike; calls of imported
// packages left out), and its calls of imported packages' functions by
// import path and name.
func paramIndex(f *ast.File, imports map[string]string) (params map[string][]param, calls, pkgCalls map[string][]*ast.CallExpr) {
	params = map[string][]param{}
	calls = map[string][]*ast.CallExpr{}
	pkgCalls = map[string][]*ast.CallExpr{}
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok {
			funcParams(fd, func(name string, p param) { params[name] = append(params[name], p) })
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		c, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		switch fun := c.Fun.(type) {
		case *ast.Ident:
			calls[fun.Name] = append(calls[fun.Name], c)
		case *ast.SelectorExpr:
			if p, name, pkg := qualified(imports, fun); pkg {
				pkgCalls[p+"."+name] = append(pkgCalls[p+"."+name], c)
			} else {
				calls[fun.Sel.Name] = append(calls[fun.Sel.Name], c)
			}
		}
		return true
	})
	return params, calls, pkgCalls
}

// funcParams calls fn with each named parameter of fd.
func funcParams(fd *ast.FuncDecl, fn func(string, param)) {
	if fd.Type.Params == nil {
		return
	}
	k := 0
	for _, field := range fd.Type.Params.List {
		_, variadic := field.Type.(*ast.Ellipsis)
		if len(field.Names) == 0 {
			k++
		}
		for _, n := range field.Names {
			if n.Name != "_" {
				fn(n.Name, param{fd.Name.Name, k, variadic, fd.Recv != nil})
			}
			k++
		}
	}
}

// paramValues returns the values a parameter named name takes: the
// arguments at its position in every call of a function or method that
// has it, so a path handed to a helper (serveStatic(r, "public") →
// http.Dir(dir)) traces to its literal. Calls are looked for in the
// package, and, for an exported name, in the own packages that import it
// (http.NewServer(store, c.Config.HTTP.Addr) → net.Listen("tcp", addr)).
// Functions are matched by name, methods by name whatever their receiver;
// a variadic parameter takes every argument from its position on.
func (ev *evaluator) paramValues(name string) result {
	var params []param
	for i, ef := range ev.files {
		if !ef.parsed && !ev.mentions(i, name) {
			continue
		}
		if ev.parse(i) != nil {
			params = append(params, ef.params[name]...)
		}
	}
	var out result
	for _, p := range params {
		ev.argValues(p, &out)
	}
	return out
}

// argValues adds to out the arguments for p in the calls of its function:
// in the package, and for an exported function in its importers.
func (ev *evaluator) argValues(p param, out *result) {
	ev.eachCall(p, func(o *evaluator, c *ast.CallExpr, imports map[string]string) bool {
		return o.addArgs(c, p, imports, out)
	})
}

// eachCall calls visit with each call of p's function, the evaluator of
// the package it is in and its file's imports: in the package, and for an
// exported function in its importers. It stops when visit returns false.
func (ev *evaluator) eachCall(p param, visit func(o *evaluator, c *ast.CallExpr, imports map[string]string) bool) {
	if !ev.callsOf(p, p.fn, "", visit) || !token.IsExported(p.fn) {
		return
	}
	for _, o := range ev.importers() {
		if !o.callsOf(p, p.fn, ev.pkgPath+"."+p.fn, visit) {
			return
		}
	}
}

// callsOf calls visit with this package's calls of fn: calls by name when
// qualified is "", else calls of the imported function qualified names
// and, for a method, calls of methods named fn. It reports false when
// visit stopped it.
func (ev *evaluator) callsOf(p param, fn, qualified string, visit func(o *evaluator, c *ast.CallExpr, imports map[string]string) bool) bool {
	for i, ef := range ev.files {
		if !ef.parsed && !ev.mentions(i, fn) {
			continue
		}
		if ev.parse(i) == nil {
			continue
		}
		lists := [][]*ast.CallExpr{ef.calls[fn]} // F(…) here, x.F(…) anywhere
		if qualified != "" {
			lists = [][]*ast.CallExpr{ef.pkgCalls[qualified]}
			if p.method {
				lists = append(lists, ef.calls[fn])
			}
		}
		for _, calls := range lists {
			for _, c := range calls {
				if !visit(ev, c, ef.imports) {
					return false
				}
			}
		}
	}
	return true
}

// addArgs adds the arguments of c for p to out; false when out is full or
// the budget is spent.
func (ev *evaluator) addArgs(c *ast.CallExpr, p param, imports map[string]string, out *result) bool {
	outer := ev.scope
	defer func() { ev.scope = outer }()
	ev.scope = ev.scopeAt(c.Pos()) // the caller's function
	for j, arg := range c.Args {
		if out.full() || ev.left <= 0 {
			return false
		}
		if j == p.index || p.variadic && j > p.index {
			out.merge(ev.expr(arg, imports))
		}
	}
	return true
}

// paramArgs returns the expressions passed, in the package's calls, for
// the parameters named name.
func (ev *evaluator) paramArgs(name string) []ast.Expr {
	var out []ast.Expr
	for i, ef := range ev.files {
		if !ef.parsed && !ev.mentions(i, name) {
			continue
		}
		if ev.parse(i) == nil {
			continue
		}
		for _, p := range ef.params[name] {
			out = append(out, ev.argExprs(p)...)
		}
	}
	return out
}

// argExprs returns the arguments for p in the package's calls of its
// function.
func (ev *evaluator) argExprs(p param) []ast.Expr {
	var out []ast.Expr
	for i, ef := range ev.files {
		if !ef.parsed && !ev.mentions(i, p.fn) {
			continue
		}
		if ev.parse(i) == nil {
			continue
		}
		for _, c := range ef.calls[p.fn] {
			if p.index < len(c.Args) {
				out = append(out, c.Args[p.index])
			}
		}
	}
	return out
}
