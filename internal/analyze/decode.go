package analyze

import (
	"go/ast"
	"go/token"
	"reflect"
	"strconv"
	"strings"
)

// Configuration decoded into a struct: viper's defaults (SetDefault calls,
// with constant keys or the entries of a map literal iterated into
// SetDefault) reach the fields of the struct that viper.Unmarshal (or
// UnmarshalKey) fills, each field by its key: its mapstructure tag, else
// its name (viper decodes case-insensitively), behind the keys of the
// fields that hold its struct ("server.port" for Config.Server.Port).
//
//	defaults = map[string]any{prefix + "port": "1338"}
//	for k, v := range defaults { viper.SetDefault(k, v) }
//	var c Config; viper.Unmarshal(&c)
//	server.ListenAndServe(c.Server.HostName, c.Server.Port)
//
// A field name traced to no value (c.Server.Port: nothing assigns Port)
// takes the defaults of its keys. The defaults and the Unmarshal calls are
// looked for in the own packages that import viper and are linked into the
// main being described, once per evalSet; the values then depend on which
// of them are linked, so the package's facts are kept per set of them like
// those traced from importers' calls (consulted).

// viperPath is viper's import path.
const viperPath = "github.com/spf13/viper"

// maxDecodeDepth bounds the nesting of structs followed from an Unmarshal
// target, and the steps from a range loop back to the map literals it
// iterates.
const maxDecodeDepth = 6

// decodeTable is what the viper users linked into a main say: the
// defaults by key, and the keys of the decoded fields by Go field name.
type decodeTable struct {
	defaults map[string][]keyDefault // lower-cased key → its defaults
	fields   map[string][]string     // Go field name → lower-cased keys
	seen     map[string]bool         // structs walked, with their key prefix
}

// keyDefault is one default of a key, with the evaluator of its package.
type keyDefault struct {
	ev *evaluator
	a  assigned
}

// decodedValues returns the defaults viper gives the decoded fields named
// name.
func (s *evalSet) decodedValues(name string) result {
	t := s.decodeTable()
	var out result
	for _, key := range t.fields[name] {
		for _, d := range t.defaults[key] {
			if out.full() || !d.ev.addValues(&out, d.a) {
				return out
			}
		}
	}
	return out
}

// decodeTable returns the table of the viper users linked in, built once.
func (s *evalSet) decodeTable() *decodeTable {
	if s.decode != nil {
		return s.decode // built, or being built: what is there so far
	}
	t := &decodeTable{defaults: map[string][]keyDefault{}, fields: map[string][]string{}, seen: map[string]bool{}}
	s.decode = t
	users := s.a.importersOf(viperPath)
	if len(users) == 0 {
		return t
	}
	s.consulted = append(s.consulted, viperPath)
	for _, path := range users {
		if o := s.get(path); o != nil && s.linked[path] {
			o.scanDecode(t)
		}
	}
	return t
}

// scanDecode adds to t the SetDefault and Unmarshal calls of the package.
func (ev *evaluator) scanDecode(t *decodeTable) {
	for i, ef := range ev.files {
		if !ef.parsed && !ev.mentions(i, "SetDefault") && !ev.mentions(i, "Unmarshal") && !ev.mentions(i, "UnmarshalKey") {
			continue
		}
		f := ev.parse(i)
		if f == nil {
			continue
		}
		var stack []ast.Node
		ast.Inspect(f, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return true
			}
			stack = append(stack, n)
			if c, ok := n.(*ast.CallExpr); ok {
				ev.decodeCall(t, f, c, stack, ef.imports)
			}
			return true
		})
	}
}

// decodeCall adds what one call says to t: a default, or the fields of an
// Unmarshal target.
func (ev *evaluator) decodeCall(t *decodeTable, f *ast.File, c *ast.CallExpr, stack []ast.Node, imports map[string]string) {
	sel, ok := c.Fun.(*ast.SelectorExpr)
	if !ok {
		return
	}
	sc := ev.scopeAt(c.Pos())
	p, _, isPkg := qualified(imports, sel)
	switch name := sel.Sel.Name; {
	case name == "SetDefault" && len(c.Args) == 2:
		if rs := rangeOver(stack, c.Args[0], c.Args[1]); rs != nil {
			for _, m := range ev.mapLits(rs.X, imports, sc, 0) {
				m.ev.addEntries(t, m)
			}
			return
		}
		ev.addDefault(t, c.Args[0], assigned{expr: c.Args[1], imports: imports, scope: sc})
	case (name == "Unmarshal" || name == "UnmarshalExact") && len(c.Args) >= 1 && (isPkg && p == viperPath || !isPkg && isAddr(c.Args[0])):
		ev.decodeInto(t, f, stack, c.Args[0], "")
	case name == "UnmarshalKey" && len(c.Args) >= 2 && (isPkg && p == viperPath || !isPkg):
		for _, key := range ev.valuesIn(assigned{expr: c.Args[0], imports: imports, scope: sc}).vals {
			ev.decodeInto(t, f, stack, c.Args[1], strings.ToLower(key)+".")
		}
	}
}

// isAddr reports whether e is &x.
func isAddr(e ast.Expr) bool {
	u, ok := e.(*ast.UnaryExpr)
	return ok && u.Op == token.AND
}

// rangeOver returns the innermost range loop of stack whose key and value
// are k and v (for k, v := range m { viper.SetDefault(k, v) }), nil if
// none is.
func rangeOver(stack []ast.Node, k, v ast.Expr) *ast.RangeStmt {
	kid, ok1 := k.(*ast.Ident)
	vid, ok2 := v.(*ast.Ident)
	if !ok1 || !ok2 {
		return nil
	}
	for i := len(stack) - 1; i >= 0; i-- {
		rs, ok := stack[i].(*ast.RangeStmt)
		if !ok {
			continue
		}
		rk, _ := rs.Key.(*ast.Ident)
		rv, _ := rs.Value.(*ast.Ident)
		if rk != nil && rv != nil && rk.Name == kid.Name && rv.Name == vid.Name {
			return rs
		}
		return nil
	}
	return nil
}

// valuesIn returns the values of an expression of this package.
func (ev *evaluator) valuesIn(a assigned) result {
	var out result
	ev.addValues(&out, a)
	return out
}

// addDefault adds a default of the keys key traces to.
func (ev *evaluator) addDefault(t *decodeTable, key ast.Expr, value assigned) {
	for _, k := range ev.valuesIn(assigned{expr: key, imports: value.imports, scope: value.scope}).vals {
		k = strings.ToLower(k)
		t.defaults[k] = append(t.defaults[k], keyDefault{ev, value})
	}
}

// mapLit is a composite literal found for a map, where it was found.
type mapLit struct {
	ev      *evaluator
	lit     *ast.CompositeLit
	imports map[string]string
	scope   *funcScope
}

// addEntries adds the entries of a map literal as defaults of their keys.
func (ev *evaluator) addEntries(t *decodeTable, m mapLit) {
	for _, elt := range m.lit.Elts {
		if kv, ok := elt.(*ast.KeyValueExpr); ok {
			ev.addDefault(t, kv.Key, assigned{expr: kv.Value, imports: m.imports, scope: m.scope})
		}
	}
}

// mapLits returns the composite literals e can be: itself, what a variable
// is assigned, a parameter's arguments (in the package and, for an
// exported function, in its importers), another own package's variable.
func (ev *evaluator) mapLits(e ast.Expr, imports map[string]string, sc *funcScope, depth int) []mapLit {
	if depth > maxDecodeDepth || !ev.step() {
		return nil
	}
	var out []mapLit
	from := func(o *evaluator, as []assigned) {
		for _, a := range as {
			out = append(out, o.mapLits(a.expr, a.imports, a.scope, depth+1)...)
		}
	}
	switch e := e.(type) {
	case *ast.CompositeLit:
		return []mapLit{{ev, e, imports, sc}}
	case *ast.ParenExpr:
		return ev.mapLits(e.X, imports, sc, depth+1)
	case *ast.Ident:
		if sc == nil || !sc.locals[e.Name] {
			from(ev, ev.assignedTo(e.Name))
			break
		}
		from(ev, sc.assigns[e.Name])
		if p, ok := sc.params[e.Name]; ok {
			ev.eachCall(p, func(o *evaluator, c *ast.CallExpr, imports map[string]string) bool {
				if p.index < len(c.Args) {
					from(o, []assigned{{expr: c.Args[p.index], imports: imports, scope: o.scopeAt(c.Pos())}})
				}
				return true
			})
		}
	case *ast.SelectorExpr:
		if p, name, ok := qualified(imports, e); ok {
			if o := ev.other(p); o != nil {
				from(o, o.assignedTo(name))
			}
		}
	}
	return out
}

// decodeInto adds the fields of the struct an Unmarshal target is (&c, c,
// &Config{}), behind prefix; stack holds the nodes from f down to the
// call.
func (ev *evaluator) decodeInto(t *decodeTable, f *ast.File, stack []ast.Node, target ast.Expr, prefix string) {
	var fn ast.Node
	if len(stack) > 1 {
		if fd, ok := stack[1].(*ast.FuncDecl); ok {
			fn = fd
		}
	}
	typ := typeIn(f, fn, target, ev.pkgPath, ev.pkgTypes())
	if typ.expr == nil {
		return
	}
	ev.walkType(t, typ.expr, typ.imports, prefix, 0)
}

// walkType adds the fields of the struct typ names (in the package of ev,
// whose file has imports), their keys behind prefix.
func (ev *evaluator) walkType(t *decodeTable, typ ast.Expr, imports map[string]string, prefix string, depth int) {
	if depth > maxDecodeDepth || !ev.step() {
		return
	}
	switch x := typ.(type) {
	case *ast.StarExpr:
		ev.walkType(t, x.X, imports, prefix, depth+1)
	case *ast.StructType:
		ev.walkFields(t, x, imports, prefix, depth)
	case *ast.Ident:
		if st, o, imps := ev.structType(x.Name); st != nil {
			o.walkNamed(t, x.Name, st, imps, prefix, depth)
		}
	case *ast.SelectorExpr:
		if p, name, ok := qualified(imports, x); ok {
			if o := ev.other(p); o != nil {
				if st, o, imps := o.structType(name); st != nil {
					o.walkNamed(t, name, st, imps, prefix, depth)
				}
			}
		}
	}
}

// walkNamed walks the named struct type once per key prefix.
func (ev *evaluator) walkNamed(t *decodeTable, name string, st *ast.StructType, imports map[string]string, prefix string, depth int) {
	k := ev.pkgPath + "." + name + " " + prefix
	if t.seen[k] {
		return
	}
	t.seen[k] = true
	ev.walkFields(t, st, imports, prefix, depth)
}

// walkFields adds the exported fields of st: a struct-typed field is
// walked behind its key, any other is a leaf with its key. An embedded
// field with ",squash" shares the prefix of its struct.
func (ev *evaluator) walkFields(t *decodeTable, st *ast.StructType, imports map[string]string, prefix string, depth int) {
	for _, field := range st.Fields.List {
		tag := ""
		if field.Tag != nil {
			raw, _ := strconv.Unquote(field.Tag.Value)
			tag = reflect.StructTag(raw).Get("mapstructure")
		}
		key, opts, _ := strings.Cut(tag, ",")
		if key == "-" {
			continue
		}
		if len(field.Names) == 0 {
			if strings.Contains(opts, "squash") {
				ev.walkType(t, field.Type, imports, prefix, depth+1)
			}
			continue
		}
		for _, id := range field.Names {
			if !id.IsExported() {
				continue
			}
			k := key
			if k == "" {
				k = id.Name
			}
			k = prefix + strings.ToLower(k)
			t.fields[id.Name] = append(t.fields[id.Name], k)
			ev.walkType(t, field.Type, imports, k+".", depth+1)
		}
	}
}

// structType returns the struct type declared as name in the package, the
// evaluator of the package and the imports of its file; nil when name is
// not a struct type of the package.
func (ev *evaluator) structType(name string) (*ast.StructType, *evaluator, map[string]string) {
	if predeclared[name] || basicTypes[name] {
		return nil, nil, nil
	}
	for i, ef := range ev.files {
		if !ef.parsed && !ev.mentions(i, name) {
			continue
		}
		f := ev.parse(i)
		if f == nil {
			continue
		}
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.TYPE {
				continue
			}
			for _, spec := range gd.Specs {
				if ts := spec.(*ast.TypeSpec); ts.Name.Name == name {
					st, _ := ts.Type.(*ast.StructType)
					if st == nil {
						return nil, nil, nil
					}
					return st, ev, ef.imports
				}
			}
		}
	}
	return nil, nil, nil
}

// basicTypes are the predeclared types: never a struct of the package.
var basicTypes = map[string]bool{
	"string": true, "bool": true, "byte": true, "rune": true, "error": true, "any": true,
	"int": true, "int8": true, "int16": true, "int32": true, "int64": true,
	"uint": true, "uint8": true, "uint16": true, "uint32": true, "uint64": true, "uintptr": true,
	"float32": true, "float64": true, "complex64": true, "complex128": true,
}
