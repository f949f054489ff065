package analyze

import "go/ast"

// collectParams makes every argument of a call to a function or method of
// the package a value of the matching parameter, so a path handed to a
// helper (serveStatic(r, "public") → http.Dir(dir)) traces to its literal.
// Functions are matched by name, methods by name whatever their receiver;
// variadic parameters take every argument from their position on.
func collectParams(files []*ast.File, ev *evaluator) {
	params := map[string][]string{} // function or method name → parameter names
	variadic := map[string]bool{}
	for _, f := range files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Type.Params == nil {
				continue
			}
			var names []string
			for _, field := range fd.Type.Params.List {
				if len(field.Names) == 0 {
					names = append(names, "_")
				}
				for _, n := range field.Names {
					names = append(names, n.Name)
				}
				_, variadic[fd.Name.Name] = field.Type.(*ast.Ellipsis)
			}
			if _, dup := params[fd.Name.Name]; !dup {
				params[fd.Name.Name] = names
			}
		}
	}
	for _, f := range files {
		imports := importNames(f)
		ast.Inspect(f, func(n ast.Node) bool {
			c, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			var name string
			switch fun := c.Fun.(type) {
			case *ast.Ident:
				name = fun.Name
			case *ast.SelectorExpr:
				if _, _, pkg := qualified(imports, fun); pkg {
					return true
				}
				name = fun.Sel.Name
			}
			names, ok := params[name]
			if !ok {
				return true
			}
			for i, arg := range c.Args {
				j := i
				if j >= len(names) {
					if !variadic[name] || len(names) == 0 {
						break
					}
					j = len(names) - 1
				}
				if p := names[j]; p != "_" {
					ev.values[p] = append(ev.values[p], assigned{arg, imports})
				}
			}
			return true
		})
	}
}
