package analyze

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"
)

// Listens that are off by default: a listen call in a function that
// returns early when a setting is at its default (if auth.Credentials ==
// nil { return }), or inside an if whose condition is false by default
// (if cfg.EnablePOP3 { … }), does not run unless something turns it on.
//
// A condition is judged only from what its operands are by default, traced
// the way listen addresses are: literals, os.Getenv (unset: ""), flag and
// tag defaults, a package variable's declaration without a value (its zero
// value), and every assignment to a name except those that are themselves
// off by default (an assignment after an early return of the same kind). A
// list computed by one of the module's own functions from arguments that
// are all empty by default has length 0 (len(credentialsFromString(""))).
// A struct field that nothing assigns nor names is unknown: a decoder may
// fill it from a file.
// Anything else is unknown, and a condition with an unknown operand that
// could decide it is unknown: the listen then counts as on, as before.

// maxGateDepth bounds how far a judgement follows names into their
// assignments and the conditions that guard those.
const maxGateDepth = 6

// gate is a condition that keeps code from running by default.
type gate struct {
	cond    string    // the condition as written
	pos     token.Pos // of the if statement
	early   bool      // the function returns early on cond; else the code is inside if cond
	why     string    // why cond is what it is by default ("auth.Credentials is nil by default")
	setters []setter  // what changes the values that decide it
}

// where says where the gate keeps code: "after a return when c (true by
// default)", "inside if c (false by default)".
func (g *gate) where() string {
	if g.early {
		return "after a return when " + g.cond + " (true by default)"
	}
	return "inside if " + g.cond + " (false by default)"
}

// verdict is what a condition or a value is by default: known or not, true
// (for a value: not its zero value) or not, why, and what sets it.
type verdict struct {
	known, val bool
	why        string
	setters    []setter
}

var unknownVerdict = verdict{}

// gateKey names a name being judged, to stop at a name met again.
type gateKey struct {
	ev   *evaluator
	name string
}

// gateJudge holds the judgements of one package's scan: the names being
// judged, and what names and code positions were judged to, remembered
// as the evaluator remembers values (a name met again while it is being
// judged adds nothing).
type gateJudge struct {
	busy  map[gateKey]bool
	names map[gateKey]verdict
	gates map[gatePos]*gate
	inLen int // judging the argument of len: see call
}

// gatePos is a position in the files of an evaluator.
type gatePos struct {
	ev  *evaluator
	pos token.Pos
}

// offByDefault returns the gate that keeps the code at pos (in a parsed
// file of the package) from running by default, nil when none is known.
// Like eval, it has its own budget.
func (ev *evaluator) offByDefault(pos token.Pos) *gate {
	ev.left = ev.budget
	if ev.judge == nil {
		ev.judge = &gateJudge{busy: map[gateKey]bool{}, names: map[gateKey]verdict{}, gates: map[gatePos]*gate{}}
	}
	return ev.judge.gateAt(ev, pos, 0)
}

// fileAt returns the parsed file of the package that holds pos.
func (ev *evaluator) fileAt(pos token.Pos) *evalFile {
	for _, ef := range ev.files {
		if ef.parsed && ef.f != nil && ef.f.Pos() <= pos && pos <= ef.f.End() {
			return ef
		}
	}
	return nil
}

// pathTo returns the nodes of f that enclose pos, outermost first.
func pathTo(f *ast.File, pos token.Pos) []ast.Node {
	var path []ast.Node
	ast.Inspect(f, func(n ast.Node) bool {
		if n == nil || pos < n.Pos() || pos >= n.End() {
			return false
		}
		path = append(path, n)
		return true
	})
	return path
}

// gateAt returns the gate of the code at pos: an early return before it in
// an enclosing block whose condition is true by default, or an enclosing
// if whose condition keeps pos's branch from running by default.
func (j *gateJudge) gateAt(ev *evaluator, pos token.Pos, depth int) *gate {
	k := gatePos{ev, pos}
	if g, ok := j.gates[k]; ok {
		return g
	}
	g := j.findGate(ev, pos, depth)
	if ev.left > 0 {
		j.gates[k] = g // not when the budget ran out: g may be wrong
	}
	return g
}

// findGate does gateAt's work.
func (j *gateJudge) findGate(ev *evaluator, pos token.Pos, depth int) *gate {
	ef := ev.fileAt(pos)
	if ef == nil || depth > maxGateDepth {
		return nil
	}
	path := pathTo(ef.f, pos)
	inLen := j.inLen
	j.inLen = 0 // the conditions met here are judged on their own
	defer func() { j.inLen = inLen }()
	for i, n := range path {
		switch n := n.(type) {
		case *ast.BlockStmt:
			if g := j.earlyReturn(ev, ef.imports, n, pos, depth); g != nil {
				return g
			}
		case *ast.IfStmt:
			if i+1 >= len(path) || path[i+1] != n.Body && path[i+1] != n.Else {
				continue
			}
			inBody := path[i+1] == n.Body
			v := j.cond(ev, n.Cond, ef.imports, ev.scopeAt(n.Pos()), depth)
			if v.known && v.val != inBody {
				return &gate{cond: types.ExprString(n.Cond), pos: n.Pos(), why: v.why, setters: v.setters}
			}
		}
	}
	return nil
}

// earlyReturn returns the gate of an if statement of block, before pos,
// that returns quietly when its condition holds and holds by default.
func (j *gateJudge) earlyReturn(ev *evaluator, imports map[string]string, block *ast.BlockStmt, pos token.Pos, depth int) *gate {
	for _, st := range block.List {
		if st.End() > pos {
			break
		}
		is, ok := st.(*ast.IfStmt)
		if !ok || is.Else != nil || len(is.Body.List) == 0 {
			continue
		}
		if ret, ok := is.Body.List[len(is.Body.List)-1].(*ast.ReturnStmt); !ok || !quiet(ret) {
			continue
		}
		if v := j.cond(ev, is.Cond, imports, ev.scopeAt(is.Pos()), depth); v.known && v.val {
			return &gate{cond: types.ExprString(is.Cond), pos: is.Pos(), early: true, why: v.why, setters: v.setters}
		}
	}
	return nil
}

// quiet reports whether a return gives back only zero values: the code
// after it is skipped, not failed (return errors.New("DATABASE_URL is
// required") says the setting is needed, not that a feature is off).
func quiet(ret *ast.ReturnStmt) bool {
	for _, r := range ret.Results {
		if !isZeroValue(r) {
			return false
		}
	}
	return true
}

// cond returns what a condition is by default.
func (j *gateJudge) cond(ev *evaluator, e ast.Expr, imports map[string]string, sc *funcScope, depth int) verdict {
	if !ev.step() {
		return unknownVerdict
	}
	switch e := e.(type) {
	case *ast.ParenExpr:
		return j.cond(ev, e.X, imports, sc, depth)
	case *ast.UnaryExpr:
		if e.Op == token.NOT {
			return not(j.cond(ev, e.X, imports, sc, depth))
		}
	case *ast.BinaryExpr:
		return j.binary(ev, e, imports, sc, depth)
	case *ast.Ident, *ast.SelectorExpr:
		return j.value(ev, e, imports, sc, depth) // a bool: true unless zero
	}
	return unknownVerdict
}

// not negates a known verdict.
func not(v verdict) verdict {
	v.val = !v.val
	return v
}

// binary returns what x || y, x && y, x == zero, x != zero, x > 0 are by
// default.
func (j *gateJudge) binary(ev *evaluator, e *ast.BinaryExpr, imports map[string]string, sc *funcScope, depth int) verdict {
	switch e.Op {
	case token.LOR, token.LAND:
		// || is decided by an operand that is true, && by one that is
		// false; both known otherwise.
		decides := e.Op == token.LOR
		x := j.cond(ev, e.X, imports, sc, depth)
		if x.known && x.val == decides {
			return x
		}
		y := j.cond(ev, e.Y, imports, sc, depth)
		if y.known && y.val == decides {
			return y
		}
		if !x.known || !y.known {
			return unknownVerdict
		}
		return verdict{known: true, val: !decides, why: x.why + "; " + y.why, setters: append(slices.Clone(x.setters), y.setters...)}
	case token.EQL, token.NEQ, token.GTR:
		x, zero := e.X, e.Y
		if isZeroValue(x) {
			x, zero = zero, x
		}
		if !isZeroValue(zero) {
			return unknownVerdict
		}
		v := j.value(ev, x, imports, sc, depth)
		if e.Op == token.EQL {
			return not(v)
		}
		return v
	}
	return unknownVerdict
}

// isZeroValue reports whether e is "", 0, false or nil.
func isZeroValue(e ast.Expr) bool {
	if id, ok := e.(*ast.Ident); ok {
		return id.Name == "nil" || id.Name == "false"
	}
	return isZeroLit(e)
}

// value returns whether e is set (not its zero value) by default.
func (j *gateJudge) value(ev *evaluator, e ast.Expr, imports map[string]string, sc *funcScope, depth int) verdict {
	if depth > maxGateDepth || !ev.step() {
		return unknownVerdict
	}
	text := types.ExprString(e)
	switch x := e.(type) {
	case *ast.ParenExpr:
		return j.value(ev, x.X, imports, sc, depth)
	case *ast.BasicLit:
		return verdict{known: true, val: !isZeroLit(x), why: text + " is a literal"}
	case *ast.Ident:
		if x.Name == "true" || x.Name == "false" || x.Name == "nil" {
			return verdict{known: true, val: x.Name == "true", why: text + " is a literal"}
		}
		if sc != nil && sc.locals[x.Name] {
			return j.local(ev, x.Name, sc, depth)
		}
		return j.named(ev, x.Name, text, depth)
	case *ast.SelectorExpr:
		if p, name, ok := qualified(imports, x); ok {
			if o := ev.other(p); o != nil {
				return j.named(o, name, text, depth)
			}
			return unknownVerdict
		}
		return j.named(ev, x.Sel.Name, text, depth)
	case *ast.CallExpr:
		return j.call(ev, x, imports, sc, depth)
	}
	return j.traced(ev, e, imports, sc)
}

// call returns whether a call's result is set by default: os.Getenv reads
// "" unset, len and conversions are their argument's, an own function's
// result is traced, or empty when all its arguments are.
func (j *gateJudge) call(ev *evaluator, c *ast.CallExpr, imports map[string]string, sc *funcScope, depth int) verdict {
	if _, ok := getenvCall(imports, c); ok {
		env := stringLit(c.Args[0])
		return verdict{known: true, why: "$" + env + " is unset by default", setters: []setter{{"env", env}}}
	}
	if id, ok := c.Fun.(*ast.Ident); ok && len(c.Args) == 1 && (id.Name == "len" || slices.Contains(conversions, id.Name)) {
		if id.Name == "len" {
			j.inLen++
			defer func() { j.inLen-- }()
		}
		return j.value(ev, c.Args[0], imports, sc, depth)
	}
	if v := j.traced(ev, c, imports, sc); v.known {
		return v
	}
	if j.inLen == 0 || len(c.Args) == 0 || !ev.ownCall(c, imports) {
		// Only a length is judged from the arguments: a list built from
		// nothing is empty, a constructor's result is not nil.
		return unknownVerdict
	}
	out := verdict{known: true, why: types.ExprString(c) + " has only empty arguments by default"}
	for _, a := range c.Args {
		v := j.value(ev, a, imports, sc, depth+1)
		if !v.known || v.val {
			return unknownVerdict
		}
		out.setters = append(out.setters, v.setters...)
	}
	return out
}

// ownCall reports whether c calls a function or method of the module: one
// of this package by name, or of another own package.
func (ev *evaluator) ownCall(c *ast.CallExpr, imports map[string]string) bool {
	switch fun := c.Fun.(type) {
	case *ast.Ident:
		return !predeclared[fun.Name]
	case *ast.SelectorExpr:
		if p, _, ok := qualified(imports, fun); ok {
			return ev.other(p) != nil
		}
		return true
	}
	return false
}

// traced returns what the values traced for e say: known when some were
// traced and the budget held, set when one is not "" or "0".
func (j *gateJudge) traced(ev *evaluator, e ast.Expr, imports map[string]string, sc *funcScope) verdict {
	res := ev.valuesIn(assigned{expr: e, imports: imports, scope: sc})
	if len(res.vals) == 0 || res.unknown {
		return unknownVerdict
	}
	return verdict{known: true, val: res.set(), why: types.ExprString(e) + " is " + strings.Join(quoteAll(res.vals), " or "), setters: res.srcs}
}

// quoteAll quotes each value.
func quoteAll(vals []string) []string {
	out := make([]string, len(vals))
	for i, v := range vals {
		out[i] = `"` + v + `"`
	}
	return out
}

// local returns whether a name local to a function is set by default: its
// assignments in the function, and for a parameter the arguments of the
// calls that are not off by default.
func (j *gateJudge) local(ev *evaluator, name string, sc *funcScope, depth int) verdict {
	k := gateKey{ev, "local:" + name}
	if j.busy[k] {
		return verdict{known: true} // met again: adds nothing
	}
	j.busy[k] = true
	defer delete(j.busy, k)
	all := &zeroes{what: name, known: true}
	for _, a := range sc.assigns[name] {
		all.add(j.value(ev, a.expr, a.imports, a.scope, depth+1))
	}
	if p, ok := sc.params[name]; ok {
		ev.eachCall(p, func(o *evaluator, c *ast.CallExpr, imports map[string]string) bool {
			if p.index >= len(c.Args) {
				return true
			}
			if g := j.gateAt(o, c.Pos(), depth+1); g != nil {
				all.skip(g)
				return true
			}
			all.add(j.value(o, c.Args[p.index], imports, o.scopeAt(c.Pos()), depth+1))
			return all.known
		})
	}
	return all.verdict()
}

// named returns whether a package-level variable or a field is set by
// default: zero when every assignment to it (here, and for an exported
// name in the own packages importing this one) is zero by default or off
// by default, and it is declared without a value if nothing assigns it.
func (j *gateJudge) named(ev *evaluator, name, text string, depth int) verdict {
	k := gateKey{ev, name}
	if j.inLen > 0 {
		k.name = "len:" + name // judged with the length rule: see call
	}
	if j.busy[k] {
		return verdict{known: true} // met again (a flag whose default is the variable itself)
	}
	if v, ok := j.names[k]; ok {
		return v
	}
	j.busy[k] = true
	v := j.judgeNamed(ev, name, text, depth)
	delete(j.busy, k)
	if ev.left > 0 {
		j.names[k] = v
	}
	return v
}

// judgeNamed does named's work.
func (j *gateJudge) judgeNamed(ev *evaluator, name, text string, depth int) verdict {
	all := &zeroes{what: text, known: true}
	pkgs := []*evaluator{ev}
	if token.IsExported(name) {
		pkgs = append(pkgs, ev.importers()...)
	}
	for _, o := range pkgs {
		for i, ef := range o.files {
			if !ef.parsed && !o.mentions(i, name) || o.parse(i) == nil {
				continue
			}
			all.setters = append(all.setters, ef.meta.sources[name]...)
			for _, a := range ef.assigns[name] {
				if g := j.gateAt(o, a.expr.Pos(), depth+1); g != nil {
					all.skip(g)
					continue
				}
				v := j.value(o, a.expr, a.imports, o.scopeAt(a.expr.Pos()), depth+1)
				if v.val && a.scope != nil {
					// Set by a statement of a function that may or may
					// not run: not known to be set by default.
					v = unknownVerdict
				}
				all.add(v)
				if !all.known {
					return unknownVerdict
				}
			}
		}
	}
	if all.n == 0 && len(all.skipped) == 0 && !ev.declaredZero(name, len(all.setters) > 0) {
		// Not declared here, or a struct field nothing names: a
		// decoder may fill it from a file.
		return unknownVerdict
	}
	return all.verdict()
}

// zeroes gathers the verdicts of the values a name can take: zero by
// default when every one is.
type zeroes struct {
	what    string
	n       int  // values judged
	known   bool // false once one is unknown
	set     *verdict
	skipped []string
	setters []setter
}

func (z *zeroes) add(v verdict) {
	z.n++
	z.known = z.known && v.known
	z.setters = append(z.setters, v.setters...)
	if v.known && v.val && z.set == nil {
		z.set = &v
	}
}

// skip notes an assignment that is off by default.
func (z *zeroes) skip(g *gate) {
	z.skipped = append(z.skipped, g.where())
	z.setters = append(z.setters, g.setters...)
}

// verdict is the name's: set if a value is, zero if every one is known.
func (z *zeroes) verdict() verdict {
	if z.n == 0 && len(z.skipped) == 0 {
		return verdict{known: true, why: z.what + " is unset by default", setters: z.setters}
	}
	if !z.known {
		return unknownVerdict
	}
	if z.set != nil {
		return verdict{known: true, val: true, why: z.set.why, setters: z.setters}
	}
	why := z.what + " is unset by default"
	if len(z.skipped) > 0 && z.n == 0 {
		why = z.what + " is unset by default: assigned only " + strings.Join(z.skipped, ", and ")
	}
	return verdict{known: true, why: why, setters: z.setters}
}

// declaredZero reports whether the package declares name without a value:
// a package-level var without one, or, when fields count, a struct field.
func (ev *evaluator) declaredZero(name string, fields bool) bool {
	for i, ef := range ev.files {
		if !ef.parsed && !ev.mentions(i, name) || ev.parse(i) == nil {
			continue
		}
		for _, d := range ef.f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok {
				continue
			}
			found := false
			ast.Inspect(gd, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.ValueSpec:
					found = found || len(n.Values) == 0 && slices.ContainsFunc(n.Names, func(id *ast.Ident) bool { return id.Name == name })
				case *ast.Field:
					found = found || fields && slices.ContainsFunc(n.Names, func(id *ast.Ident) bool { return id.Name == name })
				}
				return !found
			})
			if found {
				return true
			}
		}
	}
	return false
}
