package analyze

import "go/ast"

// paramValues returns the values a parameter named name takes: the
// arguments at its position in every call, within the package, of a
// function or method that has it, so a path handed to a helper
// (serveStatic(r, "public") → http.Dir(dir)) traces to its literal.
// Functions are matched by name, methods by name whatever their receiver;
// a variadic parameter takes every argument from its position on.
func (ev *evaluator) paramValues(name string) result {
	type param struct {
		fn       string
		index    int
		variadic bool
	}
	var params []param
	for i, ef := range ev.files {
		if !ef.parsed && !ev.mentions(i, name) {
			continue
		}
		f := ev.parse(i)
		if f == nil {
			continue
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Type.Params == nil {
				continue
			}
			k := 0
			for _, field := range fd.Type.Params.List {
				_, variadic := field.Type.(*ast.Ellipsis)
				names := field.Names
				if len(names) == 0 {
					k++
					continue
				}
				for _, n := range names {
					if n.Name == name {
						params = append(params, param{fd.Name.Name, k, variadic})
					}
					k++
				}
			}
		}
	}
	var out result
	for _, p := range params {
		for i, ef := range ev.files {
			if !ef.parsed && !ev.mentions(i, p.fn) {
				continue
			}
			f := ev.parse(i)
			if f == nil {
				continue
			}
			imports := importNames(f)
			ast.Inspect(f, func(n ast.Node) bool {
				c, ok := n.(*ast.CallExpr)
				if !ok || out.full() || ev.left <= 0 {
					return !out.full()
				}
				switch fun := c.Fun.(type) {
				case *ast.Ident:
					if fun.Name != p.fn {
						return true
					}
				case *ast.SelectorExpr:
					if _, _, pkg := qualified(imports, fun); pkg || fun.Sel.Name != p.fn {
						return true
					}
				default:
					return true
				}
				for j, arg := range c.Args {
					if j == p.index || p.variadic && j > p.index {
						out.merge(ev.expr(arg, imports))
					}
				}
				return true
			})
		}
	}
	return out
}
