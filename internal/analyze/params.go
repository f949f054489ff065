package analyze

import "go/ast"

// param is a parameter of a function or method of the package.
type param struct {
	fn       string // the function's or method's name
	index    int
	variadic bool
}

// paramIndex lists, for one file, the parameters of its functions by name
// and its calls by the name they call (x.F and F alike; calls of imported
// packages left out).
func paramIndex(f *ast.File, imports map[string]string) (map[string][]param, map[string][]*ast.CallExpr) {
	params := map[string][]param{}
	calls := map[string][]*ast.CallExpr{}
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Type.Params == nil {
			continue
		}
		k := 0
		for _, field := range fd.Type.Params.List {
			_, variadic := field.Type.(*ast.Ellipsis)
			if len(field.Names) == 0 {
				k++
			}
			for _, n := range field.Names {
				if n.Name != "_" {
					params[n.Name] = append(params[n.Name], param{fd.Name.Name, k, variadic})
				}
				k++
			}
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
			if _, _, pkg := qualified(imports, fun); !pkg {
				calls[fun.Sel.Name] = append(calls[fun.Sel.Name], c)
			}
		}
		return true
	})
	return params, calls
}

// paramValues returns the values a parameter named name takes: the
// arguments at its position in every call, within the package, of a
// function or method that has it, so a path handed to a helper
// (serveStatic(r, "public") → http.Dir(dir)) traces to its literal.
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
		for i, ef := range ev.files {
			if !ef.parsed && !ev.mentions(i, p.fn) {
				continue
			}
			if ev.parse(i) == nil {
				continue
			}
			for _, c := range ef.calls[p.fn] {
				for j, arg := range c.Args {
					if out.full() || ev.left <= 0 {
						return out
					}
					if j == p.index || p.variadic && j > p.index {
						out.merge(ev.expr(arg, ef.imports))
					}
				}
			}
		}
	}
	return out
}
