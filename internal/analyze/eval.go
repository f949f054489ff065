package analyze

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Value tracing: the string values an expression can take, as far as they
// can be traced to literals without type checking. It is what the port and
// run-time path facts are built on, and what new facts about listen
// addresses or file names should use:
//
//	ev := newEvaluator(fset, names, srcs) // once per package; ev.load reads a nil src when needed
//	f := ev.parse(i)                      // the files the facts scan
//	res := ev.eval(expr, fileImports)     // once per fact
//	res.vals                              // the values found (at most maxValues)
//	res.unknown                           // the budget ran out: vals may be incomplete
//
// The work is linear in the size of the package. The values of a name are
// computed once per package and remembered (names are package-wide: every
// assignment to x anywhere in the package counts, in file order, each read
// with the imports of its own file); a name whose values are being computed
// when it is met again (x = x + "/", or a = b; b = a) contributes nothing
// more; and each call of eval may take at most evalBudget steps, after which
// it stops and says so in unknown instead of taking time. A name whose
// evaluation ran out of budget is remembered as unknown too, so a later fact
// that meets it does not spend its own budget again.
//
// Files are parsed on demand: a file that no fact is read from is parsed
// only when it may assign to a traced name (an index of each file's
// assignment targets, built by one byte scan, says so), and then once.

// evalBudget is the number of steps one fact may take: one step per
// expression and per assignment visited. Real code needs tens; generated
// code that assigns a name thousands of times needs thousands, once.
const evalBudget = 50_000

// maxValues bounds how many values an expression is reported to take.
const maxValues = 16

// result is the outcome of tracing an expression.
type result struct {
	vals    []string // the values traced, in source order, at most maxValues
	unknown bool     // the budget ran out: vals may be incomplete
	srcs    []setter // environment variables and flags met on the way
	// defs are the flags among srcs with the own package that defines
	// each (where its default is), kept apart from srcs so that a flag
	// name defined in two packages is reported once.
	defs []flagAt
}

// flagAt is a flag met on a trace and the package that defines it.
type flagAt struct{ name, pkg string }

// assigned is one expression assigned to a name, with the imports of the
// file it is in.
type assigned struct {
	expr    ast.Expr
	imports map[string]string
	// fallback: assigned only when the name is empty (if srv.Addr == ""
	// { srv.Addr = ":25" }), so it counts only when nothing else sets it.
	fallback bool
	// scope is the function the assignment is in (nil at package level):
	// the names local to it in expr are traced within it.
	scope *funcScope
}

// funcScope is what a function assigns to its local names (parameters,
// results, variables declared in it): a local name is traced through
// these only, not through every name so spelled in the package (port in
// one function is not port = "80" in another).
type funcScope struct {
	pos, end token.Pos // of the function
	assigns  map[string][]assigned
	locals   map[string]bool
	params   map[string]param
}

// evalFile is one file of the package being traced.
type evalFile struct {
	name       string
	src        []byte
	parsed     bool
	idents     map[string]bool // identifiers in src, nil until indexed
	*fileIndex                 // what parsing found; empty until parsed
}

// fileIndex is what the evaluator keeps of a parsed file. It is not
// changed once built, so the files of another package, traced across
// packages, are indexed once for the whole analysis (see cross.go).
type fileIndex struct {
	f       *ast.File             // nil when the file does not parse
	assigns map[string][]assigned // name → what this file assigns to it
	meta    *configMeta           // env vars and flags that set names here
	imports map[string]string
	params  map[string][]param         // parameter name → where it is declared
	calls   map[string][]*ast.CallExpr // called name → the calls (own package)
	// pkgCalls are the calls of other packages' functions, by import
	// path and name ("example.com/m/http.NewServer").
	pkgCalls map[string][]*ast.CallExpr
	scopes   []*funcScope // of the functions, in source order
	// receivers are the receiver types of the methods declared here, by
	// method name.
	receivers map[string][]string
}

// noIndex stands for a file that could not be read or parsed.
var noIndex = &fileIndex{}

// evaluator traces values in one package. It is not safe for concurrent
// use; each package is scanned by one goroutine.
type evaluator struct {
	fset    *token.FileSet
	pkgPath string // import path, for tracing across packages
	files   []*evalFile
	memo    map[string]*nameEval
	budget  int // steps per call of eval; evalBudget unless a test says
	*tally      // shared by the evaluators of one evalSet
	// load reads a file whose content was not given, by name; nil
	// leaves such a file empty.
	load func(name string) []byte
	// shared, when set, reads, scans and parses the files instead,
	// once for the whole analysis: the evaluators of other packages
	// that a traced name leads to use it (see cross.go).
	shared *sharedDir
	// set holds the evaluators of the other own packages a traced
	// name leads to; nil traces within this package only.
	set *evalSet

	scope     *funcScope // of the expression being traced, nil at package level
	localMemo map[localKey]*nameEval
	judge     *gateJudge // listens off by default (gate.go), nil until asked
	types     *pkgTypes  // the package-level types (statictype.go), nil until asked
}

// localKey names a local name of one function.
type localKey struct {
	scope *funcScope
	name  string
}

// tally counts the work of value tracing. The evaluators that one fact
// crosses share it, so the budget holds across packages.
type tally struct {
	left   int // steps left in the current call of eval
	steps  int // steps taken by all calls, for tests and traces
	parses int // files parsed
}

// nameEval is the remembered outcome of tracing a name.
type nameEval struct {
	done     bool // false while the name is being computed
	res      result
	fallback bool // the values are those of fallback assignments only
}

// newEvaluator returns an evaluator over the files of a package, given by
// name and content; none is parsed yet.
func newEvaluator(fset *token.FileSet, names []string, srcs [][]byte) *evaluator {
	ev := &evaluator{fset: fset, memo: map[string]*nameEval{}, localMemo: map[localKey]*nameEval{}, budget: evalBudget, tally: &tally{}}
	for i, name := range names {
		ev.files = append(ev.files, &evalFile{name: name, src: srcs[i]})
	}
	return ev
}

// parse returns file i parsed (nil when it does not parse), parsing it and
// collecting its assignments the first time.
func (ev *evaluator) parse(i int) *ast.File {
	ef := ev.files[i]
	if ef.parsed {
		return ef.f
	}
	ef.parsed = true
	if ev.shared != nil {
		ef.fileIndex = ev.shared.index(ef.name)
		return ef.f
	}
	ev.fill(ef)
	ef.fileIndex = noIndex
	if ef.src == nil {
		return nil // unreadable; ParseFile would read the file by name
	}
	ev.parses++
	ef.fileIndex = indexFile(ev.fset, ef.name, ef.src)
	return ef.f
}

// indexFile parses a file and indexes what value tracing looks up in it.
func indexFile(fset *token.FileSet, name string, src []byte) *fileIndex {
	f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
	if err != nil && f == nil {
		return noIndex
	}
	x := &fileIndex{f: f, meta: newConfigMeta(), imports: importNames(f)}
	x.assigns, x.scopes = assignments(f)
	collectConfig(f, x.imports, func(name string, e ast.Expr) {
		x.assigns[name] = append(x.assigns[name], assigned{expr: e, imports: x.imports})
	}, x.meta) // flag definitions, struct tag defaults, …
	x.params, x.calls, x.pkgCalls = paramIndex(f, x.imports)
	x.receivers = methodReceivers(f)
	return x
}

// methodReceivers returns the receiver type names of f's methods, by
// method name.
func methodReceivers(f *ast.File) map[string][]string {
	out := map[string][]string{}
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv == nil || len(fd.Recv.List) == 0 {
			continue
		}
		t := fd.Recv.List[0].Type
		if st, ok := t.(*ast.StarExpr); ok {
			t = st.X
		}
		switch g := t.(type) {
		case *ast.IndexExpr:
			t = g.X
		case *ast.IndexListExpr:
			t = g.X
		}
		if id, ok := t.(*ast.Ident); ok {
			out[fd.Name.Name] = append(out[fd.Name.Name], id.Name)
		}
	}
	return out
}

// oneReceiver reports whether at most one type of the package declares a
// method of that name, so that what the name returns is that method's.
func (ev *evaluator) oneReceiver(method string) bool {
	var types []string
	for i, ef := range ev.files {
		if !ef.parsed && !ev.mentions(i, method) {
			continue
		}
		ev.parse(i)
		for _, t := range ef.receivers[method] {
			if !slices.Contains(types, t) {
				types = append(types, t)
			}
		}
	}
	return len(types) <= 1
}

// fill reads the content of ef if it was not given.
func (ev *evaluator) fill(ef *evalFile) {
	if ef.src == nil && ev.load != nil {
		ef.src = ev.load(ef.name)
	}
}

// mentions reports whether file i has name as an identifier. A
// configuration key (keyPrefix) or an entry of a table keyed by environment
// variables (envTablePrefix) may be named in any file.
func (ev *evaluator) mentions(i int, name string) bool {
	if strings.HasPrefix(name, keyPrefix) || strings.HasPrefix(name, envTablePrefix) {
		return true
	}
	name = strings.TrimPrefix(name, returnPrefix) // the function's name
	ef := ev.files[i]
	if ev.shared != nil {
		return ev.shared.mentions(ef.name, name)
	}
	if ef.idents == nil {
		ev.fill(ef)
		ef.idents = identSet(ef.src)
	}
	return ef.idents[name]
}

// mayAssign reports whether file i can assign to name. Configuration
// sources (struct tag defaults, keyed config literals, flag definitions)
// assign in ways no line scan of assignment operators sees, so every file
// that mentions the name counts.
func (ev *evaluator) mayAssign(i int, name string) bool {
	return ev.mentions(i, name)
}

// assignOp returns the index of the first assignment operator's '=' in
// line (=, :=, +=, <<=, …; not ==, !=, <=, >=), or -1.
func assignOp(line []byte) int {
	for i := 0; i < len(line); i++ {
		if line[i] != '=' {
			continue
		}
		if i+1 < len(line) && line[i+1] == '=' {
			i++ // ==
			continue
		}
		if i > 0 {
			switch line[i-1] {
			case '=', '!':
				continue
			case '<', '>':
				if i < 2 || line[i-2] != line[i-1] {
					continue // <= or >=, not <<= or >>=
				}
			}
		}
		return i
	}
	return -1
}

// identSet returns the identifiers in src.
func identSet(src []byte) map[string]bool {
	out := map[string]bool{}
	forIdents(src, func(id []byte) { out[string(id)] = true })
	return out
}

// forIdents calls fn with every identifier-like run of bytes in src.
func forIdents(src []byte, fn func([]byte)) {
	for i := 0; i < len(src); {
		if !isIdentByte(src[i]) {
			i++
			continue
		}
		j := i
		for j < len(src) && isIdentByte(src[j]) {
			j++
		}
		if src[i] < '0' || src[i] > '9' {
			fn(src[i:j])
		}
		i = j
	}
}

// assignments maps the names a file assigns to, to what it assigns: var
// and const specs, assignments (x = …, s.Field = …), and flag.XxxVar(&x, …).
// What a function or method returns (its first result) is assigned to
// returnPrefix+name, so that a call traces to its return statements the
// way a name traces to its assignments.
func assignments(f *ast.File) (map[string][]assigned, []*funcScope) {
	out := map[string][]assigned{}
	var scopes []*funcScope
	imports := importNames(f)
	fallbacks := map[*ast.AssignStmt]bool{}
	var sc *funcScope // of the function being walked
	add := func(name string, e ast.Expr, fallback bool) {
		a := assigned{e, imports, fallback, sc}
		out[name] = append(out[name], a)
		if sc != nil && sc.locals[name] {
			sc.assigns[name] = append(sc.assigns[name], a)
		}
	}
	dead := map[ast.Node]bool{} // branches for other systems (goos.go)
	var inspect func(root ast.Node, fd *ast.FuncDecl)
	inspect = func(root ast.Node, fd *ast.FuncDecl) {
		ast.Inspect(root, func(n ast.Node) bool {
			if dead[n] {
				return false
			}
			for _, d := range linuxDead(n, imports) {
				dead[d] = true
			}
			switch n := n.(type) {
			case *ast.FuncLit:
				if n != root {
					inspect(n, nil) // its returns are not fd's
					return false
				}
			case *ast.ReturnStmt:
				if fd != nil && len(n.Results) > 0 {
					add(returnPrefix+fd.Name.Name, n.Results[0], false)
				}
			case *ast.ValueSpec:
				for i, name := range n.Names {
					if i < len(n.Values) && name.Name != "_" {
						add(name.Name, n.Values[i], false)
					}
				}
			case *ast.IfStmt:
				markFallbacks(n, fallbacks)
			case *ast.AssignStmt:
				assignStmt(n, fallbacks[n], add, sc, imports)
			}
			return true
		})
	}
	for _, d := range f.Decls {
		fd, _ := d.(*ast.FuncDecl)
		sc = nil
		if fd != nil {
			sc = newFuncScope(fd)
			scopes = append(scopes, sc)
		}
		inspect(d, fd)
	}
	return out, scopes
}

// assignStmt adds what an assignment statement assigns. In the scope of a
// function, the first of several results of one call is kept for a local
// name (port, err := strconv.Atoi(s)); at package level collectConfig
// keeps them.
func assignStmt(n *ast.AssignStmt, fallback bool, add func(string, ast.Expr, bool), sc *funcScope, imports map[string]string) {
	if len(n.Lhs) == len(n.Rhs) {
		for i, lhs := range n.Lhs {
			if id := assignedName(lhs); id != "" {
				add(id, n.Rhs[i], fallback)
			}
		}
		return
	}
	if sc != nil && len(n.Rhs) == 1 {
		if id, ok := n.Lhs[0].(*ast.Ident); ok && sc.locals[id.Name] {
			sc.assigns[id.Name] = append(sc.assigns[id.Name], assigned{n.Rhs[0], imports, false, sc})
		}
	}
}

// newFuncScope returns the scope of fd with its local names: parameters,
// results, and the names its body declares (:=, var, range), closures
// included.
func newFuncScope(fd *ast.FuncDecl) *funcScope {
	sc := &funcScope{pos: fd.Pos(), end: fd.End(), assigns: map[string][]assigned{}, locals: map[string]bool{}, params: map[string]param{}}
	funcParams(fd, func(name string, p param) {
		sc.locals[name] = true
		sc.params[name] = p
	})
	if fd.Type.Results != nil {
		for _, field := range fd.Type.Results.List {
			for _, n := range field.Names {
				sc.locals[n.Name] = true
			}
		}
	}
	if fd.Body == nil {
		return sc
	}
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if n.Tok == token.DEFINE {
				for _, lhs := range n.Lhs {
					if id, ok := lhs.(*ast.Ident); ok {
						sc.locals[id.Name] = true
					}
				}
			}
		case *ast.ValueSpec:
			for _, id := range n.Names {
				sc.locals[id.Name] = true
			}
		case *ast.RangeStmt:
			for _, e := range []ast.Expr{n.Key, n.Value} {
				if id, ok := e.(*ast.Ident); ok {
					sc.locals[id.Name] = true
				}
			}
		}
		return true
	})
	delete(sc.locals, "_")
	return sc
}

// markFallbacks marks the assignments in the body of `if x == "" {…}` (or
// == 0) that assign to x.
func markFallbacks(n *ast.IfStmt, fallbacks map[*ast.AssignStmt]bool) {
	cond, ok := n.Cond.(*ast.BinaryExpr)
	if !ok || cond.Op != token.EQL {
		return
	}
	x, zero := cond.X, cond.Y
	if isZeroLit(x) {
		x, zero = zero, x
	}
	name := assignedName(x)
	if name == "" || !isZeroLit(zero) {
		return
	}
	for _, st := range n.Body.List {
		if as, ok := st.(*ast.AssignStmt); ok && len(as.Lhs) == 1 && assignedName(as.Lhs[0]) == name {
			fallbacks[as] = true
		}
	}
}

// isZeroLit reports whether e is "" or 0.
func isZeroLit(e ast.Expr) bool {
	lit, ok := e.(*ast.BasicLit)
	return ok && (lit.Value == `""` || lit.Value == "``" || lit.Value == "0")
}

// returnPrefix names what a function or method returns in the values of a
// package, apart from variable and field names: "return:DefaultAddr".
const returnPrefix = "return:"

// assignedName returns the name an assignment target stores into: x, or
// the field name of s.x (so that srv.Addr = … is found through "Addr").
func assignedName(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		if e.Name != "_" {
			return e.Name
		}
	case *ast.SelectorExpr:
		return e.Sel.Name
	}
	return ""
}

// eval returns the string values e can take, read in a file with the given
// imports: literals, variables and fields with traceable assignments,
// concatenation, fmt.Sprintf, net.JoinHostPort, strconv.Itoa, flag
// defaults, and getenv-with-default helpers (getEnv("PORT", "8080"),
// cmp.Or(os.Getenv("PORT"), "8080")). Each call has its own budget.
func (ev *evaluator) eval(e ast.Expr, imports map[string]string) result {
	ev.left = ev.budget
	ev.scope = ev.scopeAt(e.Pos())
	return ev.expr(e, imports)
}

// pkgTypes returns what the package's declarations say about types,
// read from every file once.
func (ev *evaluator) pkgTypes() *pkgTypes {
	if ev.types == nil {
		files := make([]*ast.File, len(ev.files))
		for i := range ev.files {
			files[i] = ev.parse(i)
		}
		ev.types = newPkgTypes(ev.pkgPath, files)
	}
	return ev.types
}

// scopeAt returns the scope of the function of a parsed file that pos is
// in, nil at package level.
func (ev *evaluator) scopeAt(pos token.Pos) *funcScope {
	for _, ef := range ev.files {
		if !ef.parsed || ef.f == nil || pos < ef.f.Pos() || pos > ef.f.End() {
			continue
		}
		i, found := slices.BinarySearchFunc(ef.scopes, pos, func(sc *funcScope, p token.Pos) int {
			switch {
			case sc.end < p:
				return -1
			case sc.pos > p:
				return 1
			}
			return 0
		})
		if found {
			return ef.scopes[i]
		}
		return nil
	}
	return nil
}

// step spends one step of the budget and reports whether there was one.
func (ev *evaluator) step() bool {
	if ev.left <= 0 {
		return false
	}
	ev.left--
	ev.steps++
	return true
}

var outOfBudget = result{unknown: true}

func (ev *evaluator) expr(e ast.Expr, imports map[string]string) result {
	if !ev.step() {
		return outOfBudget
	}
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind == token.STRING {
			if v, err := strconv.Unquote(e.Value); err == nil {
				return result{vals: []string{v}}
			}
		}
		if e.Kind == token.INT {
			return result{vals: []string{e.Value}}
		}
	case *ast.ParenExpr:
		return ev.expr(e.X, imports)
	case *ast.StarExpr:
		return ev.expr(e.X, imports)
	case *ast.Ident:
		if ev.scope != nil && ev.scope.locals[e.Name] {
			return ev.local(e.Name)
		}
		if predeclared[e.Name] {
			return result{} // nil, true, …: no assignment to look for
		}
		return ev.name(e.Name)
	case *ast.SelectorExpr:
		p, name, ok := qualified(imports, e)
		if r, ok := ev.tableIndex(e); ok {
			return r // options["DATABASE_URL"].value
		}
		if !ok {
			return ev.name(e.Sel.Name) // a field: srv.Addr
		}
		if o := ev.other(p); o != nil {
			return o.name(name) // config.HTTPListen, another own package's
		}
	case *ast.IndexExpr:
		if r, ok := ev.tableIndex(e); ok {
			return r // options["DATABASE_URL"]
		}
		return ev.expr(e.X, imports) // ports[0]: any element
	case *ast.CompositeLit:
		return ev.elements(e, imports)
	case *ast.BinaryExpr:
		if e.Op == token.ADD {
			return ev.concat(e, imports)
		}
	case *ast.CallExpr:
		return ev.call(e, imports)
	}
	return result{}
}

// concat returns the values of x + y.
func (ev *evaluator) concat(e *ast.BinaryExpr, imports map[string]string) result {
	x := ev.expr(e.X, imports)
	y := ev.expr(e.Y, imports)
	out := result{unknown: x.unknown || y.unknown}
	out.addSourcesOf(x)
	out.addSourcesOf(y)
	for _, a := range x.vals {
		for _, b := range y.vals {
			out.add(a + b)
		}
	}
	return out
}

// elements returns the values of the elements of a slice or array literal
// ([]string{"4100"}); a keyed literal's values are its fields', traced by
// their names.
func (ev *evaluator) elements(cl *ast.CompositeLit, imports map[string]string) result {
	var out result
	for _, elt := range cl.Elts {
		if _, keyed := elt.(*ast.KeyValueExpr); keyed || out.full() {
			break
		}
		out.merge(ev.expr(elt, imports))
	}
	return out
}

// add appends v unless maxValues are already there.
func (r *result) add(v string) {
	if len(r.vals) < maxValues {
		r.vals = append(r.vals, v)
	}
}

// merge adds the values of o, its unknown and its setters.
func (r *result) merge(o result) {
	for _, v := range o.vals {
		r.add(v)
	}
	r.unknown = r.unknown || o.unknown
	r.addSourcesOf(o)
}

// addSourcesOf adds the setters of o, and where its flags are defined.
func (r *result) addSourcesOf(o result) {
	r.addSources(o.srcs)
	for _, d := range o.defs {
		if !slices.Contains(r.defs, d) {
			r.defs = append(r.defs, d)
		}
	}
}

// met adds setters met in this package's code: the flags among them are
// defined here.
func (ev *evaluator) met(r *result, srcs []setter) {
	r.addSources(srcs)
	for _, src := range srcs {
		if d := (flagAt{src.name, ev.pkgPath}); src.kind == "flag" && src.name != "" && !slices.Contains(r.defs, d) {
			r.defs = append(r.defs, d)
		}
	}
}

// addSources adds setters not already there.
func (r *result) addSources(srcs []setter) {
	for _, src := range srcs {
		if src.name != "" && !slices.Contains(r.srcs, src) {
			r.srcs = append(r.srcs, src)
		}
	}
}

// full reports whether r holds all the values it may report.
func (r *result) full() bool { return len(r.vals) >= maxValues }

// name returns the values assigned to a variable or field name, computing
// them once.
func (ev *evaluator) name(name string) result {
	if m, ok := ev.memo[name]; ok {
		return m.res // done, or being computed: nothing more from here
	}
	m := &nameEval{}
	ev.memo[name] = m
	var out result
	var fallbacks []assigned
	for i, ef := range ev.files {
		if !ef.parsed && !ev.mayAssign(i, name) {
			continue // cannot assign to name
		}
		ev.parse(i)
		if ef.meta != nil {
			ev.met(&out, ef.meta.sources[name])
		}
		if !ev.addAll(&out, ef.assigns[name], &fallbacks) {
			break // later values would be dropped anyway, or no budget left
		}
	}
	if !out.full() && ev.left > 0 && !strings.HasPrefix(name, returnPrefix) {
		out.merge(ev.paramValues(name))
	}
	if !out.set() && ev.left > 0 && ev.set != nil && token.IsExported(name) {
		out.merge(ev.set.decodedValues(name)) // a field viper.Unmarshal fills
	}
	if len(fallbacks) > 0 {
		m.fallback = ev.addFallbacks(name, &out, fallbacks)
	}
	m.done, m.res = true, out
	return out
}

// local returns the values of a name local to the function being traced
// (ev.scope): its assignments in that function, and for a parameter the
// arguments of the function's calls.
func (ev *evaluator) local(name string) result {
	sc := ev.scope
	k := localKey{sc, name}
	if m, ok := ev.localMemo[k]; ok {
		return m.res
	}
	m := &nameEval{}
	ev.localMemo[k] = m
	var out result
	var fallbacks []assigned
	ev.addAll(&out, sc.assigns[name], &fallbacks)
	if p, ok := sc.params[name]; ok && !out.full() && ev.left > 0 {
		ev.argValues(p, &out)
	}
	if !out.set() {
		for _, a := range fallbacks {
			if !ev.addValues(&out, a) {
				break
			}
		}
	}
	m.done, m.res = true, out
	return out
}

// addAll adds the values of assignments to out, setting the fallbacks
// aside; false when out is full or the budget ran out.
func (ev *evaluator) addAll(out *result, as []assigned, fallbacks *[]assigned) bool {
	for _, a := range as {
		if a.fallback {
			*fallbacks = append(*fallbacks, a)
			continue
		}
		if out.full() || !ev.addValues(out, a) {
			return false
		}
	}
	return true
}

// addFallbacks adds the values of the fallback assignments of name unless
// something else gives it a value that is not empty (os.Getenv's "" is
// what the fallback replaces), and reports whether it did.
func (ev *evaluator) addFallbacks(name string, out *result, fallbacks []assigned) bool {
	if !out.set() && token.IsExported(name) {
		// An exported field may be set by the packages that import
		// this one (&smtpd.Server{Addr: …}).
		for _, o := range ev.importers() {
			out.merge(o.name(name))
		}
	}
	if out.set() {
		return false
	}
	for _, a := range fallbacks {
		if !ev.addValues(out, a) {
			break
		}
	}
	return true
}

// set reports whether r holds a value other than "" and "0".
func (r *result) set() bool {
	for _, v := range r.vals {
		if v != "" && v != "0" {
			return true
		}
	}
	return false
}

// overridden reports whether e, assigned to name, is a fallback that
// other assignments of name make moot (if srv.Addr == "" { srv.Addr =
// ":25" } while srv.Addr is set elsewhere). Like eval, it has its own
// budget.
func (ev *evaluator) overridden(name string, e ast.Expr) bool {
	ev.left = ev.budget
	ev.name(name)
	if m := ev.memo[name]; !m.done || m.fallback || len(m.res.vals) == 0 {
		return false
	}
	for _, ef := range ev.files {
		if !ef.parsed {
			continue // e is in a file that was parsed
		}
		for _, a := range ef.assigns[name] {
			if a.expr == e {
				return a.fallback
			}
		}
	}
	return false
}

// addValues adds the values of an assignment to out; false when the
// budget ran out (out is then unknown).
func (ev *evaluator) addValues(out *result, a assigned) bool {
	outer := ev.scope
	ev.scope = a.scope
	out.merge(ev.expr(a.expr, a.imports))
	ev.scope = outer
	if ev.left <= 0 {
		out.unknown = true
		return false
	}
	return true
}

// assignedTo returns everything assigned to name in the package.
func (ev *evaluator) assignedTo(name string) []assigned {
	var out []assigned
	for i, ef := range ev.files {
		if !ef.parsed && !ev.mentions(i, name) {
			continue
		}
		ev.parse(i)
		out = append(out, ef.assigns[name]...)
	}
	return out
}

// call returns the values a call can return: the standard library's
// string builders, flag and configuration defaults, getenv-with-default
// helpers, conversions, and what the module's own functions and methods
// return.
func (ev *evaluator) call(c *ast.CallExpr, imports map[string]string) result {
	if p, name, isPkg := qualified(imports, c.Fun); isPkg {
		if out, ok := ev.stdCall(p, name, c, imports); ok {
			return out
		}
	}
	if out, ok := ev.configCall(c, imports); ok {
		return out
	}
	if out, ok := ev.envHelper(c, imports); ok {
		return out
	}
	if id, ok := c.Fun.(*ast.Ident); ok && len(c.Args) == 1 && slices.Contains(conversions, id.Name) {
		return ev.expr(c.Args[0], imports) // uint16(port)
	}
	return ev.returned(c, imports)
}

// predeclared are the universe's constants, zero value and functions: no
// declaration in the package assigns them.
var predeclared = map[string]bool{
	"nil": true, "true": true, "false": true, "iota": true,
	"append": true, "cap": true, "clear": true, "close": true, "complex": true, "copy": true, "delete": true,
	"imag": true, "len": true, "make": true, "max": true, "min": true, "new": true, "panic": true,
	"print": true, "println": true, "real": true, "recover": true,
}

// conversions are the types a value is converted to on its way to an
// address without changing what it prints as.
var conversions = []string{"string", "int", "int32", "int64", "uint", "uint16", "uint32", "uint64"}

// homeDir is the value of $HOME and os.UserHomeDir: the home of the user
// the binary runs as, which every image dockgen writes has (the plan puts
// it where that user's is). It is no file to read from the project, and a
// data directory under it is the home's.
const homeDir = HomeDir

// homeDirs are the os functions that return a directory under the home,
// with where it is on linux.
var homeDirs = map[string]string{"UserHomeDir": homeDir, "UserConfigDir": homeDir + "/.config", "UserCacheDir": homeDir + "/.cache"}

// inHome reports whether a traced path is under the home directory.
func inHome(p string) bool { return p == homeDir || strings.HasPrefix(p, homeDir+"/") }

// osCall evaluates package os's calls that give a value: an environment
// variable, a directory under the home.
func osCall(name string, c *ast.CallExpr) (result, bool) {
	switch {
	case (name == "Getenv" || name == "LookupEnv") && len(c.Args) == 1:
		// Unset, the variable reads as "": host + ":" + port binds every
		// interface when HOST is not set. HOME is set in every image.
		v := ""
		if stringLit(c.Args[0]) == "HOME" {
			v = homeDir
		}
		return result{vals: []string{v}, srcs: []setter{{"env", stringLit(c.Args[0])}}}, true
	case homeDirs[name] != "":
		return result{vals: []string{homeDirs[name]}}, true
	}
	return result{}, false
}

// stdCall evaluates the standard library's (and pflag's) calls that build a
// value from their arguments; false for others.
func (ev *evaluator) stdCall(p, name string, c *ast.CallExpr, imports map[string]string) (result, bool) {
	switch {
	case p == "os":
		return osCall(name, c)
	case p == "fmt" && name == "Sprintf" && len(c.Args) >= 1:
		return ev.format(ev.expr(c.Args[0], imports), c.Args[1:], imports), true
	case p == "fmt" && name == "Sprint" && len(c.Args) >= 1:
		// Sprint(host, ":", port): the operands side by side.
		f, args := sprintFormat(c.Args)
		return ev.format(result{vals: []string{f}}, args, imports), true
	case p == "net" && name == "JoinHostPort" && len(c.Args) == 2:
		return ev.joinHostPort(c, imports), true
	case p == "strconv" && name == "Itoa" && len(c.Args) == 1:
		return ev.expr(c.Args[0], imports), true
	case (p == "path/filepath" || p == "path") && name == "Join" && len(c.Args) >= 1:
		return ev.joinPath(c.Args, imports), true
	case p == "flag" || strings.HasSuffix(p, "/pflag"):
		return ev.flagDefault(c, imports), true
	}
	return result{}, false
}

// flagDefault returns the default of a flag definition: flag.String(name,
// default, usage), flag.StringP(name, short, default, usage), …: flagDef
// knows where each argument is.
func (ev *evaluator) flagDefault(c *ast.CallExpr, imports map[string]string) result {
	nameArg, defArg, _, ok := flagDef(c)
	if !ok {
		return result{}
	}
	out := ev.expr(c.Args[defArg], imports)
	ev.met(&out, []setter{{"flag", stringLit(c.Args[nameArg])}})
	return out
}

// format substitutes the first value of each argument into each format.
// An argument without a value leaves the result empty (and unknown when
// its tracing ran out of budget), except a host: one that nothing traced
// assigns, right before the ":" of host:port, reads as its zero value ""
// (a Config.Ip never set: fmt.Sprintf("%s:%d", c.Ip, c.Port) binds every
// interface).
func (ev *evaluator) format(formats result, args []ast.Expr, imports map[string]string) result {
	out := result{unknown: formats.unknown, srcs: formats.srcs, defs: formats.defs}
	if len(formats.vals) == 0 {
		return out
	}
	vals := make([]string, 0, len(args))
	for i, a := range args {
		vs := ev.expr(a, imports)
		out.unknown = out.unknown || vs.unknown
		out.addSourcesOf(vs)
		if len(vs.vals) == 0 && (vs.unknown || !hostVerb(formats.vals[0], i)) {
			return out
		}
		vals = append(vals, append(vs.vals, "")[0])
	}
	for _, f := range formats.vals {
		out.add(sprintf(f, vals))
	}
	return out
}

// joinPath evaluates filepath.Join(dir, "app.conf"): every value of each
// operand joined to every value of those before it (at most maxValues),
// as path.Join does, empty operands left out.
func (ev *evaluator) joinPath(args []ast.Expr, imports map[string]string) result {
	out := result{vals: []string{""}}
	for i, a := range args {
		vs := ev.expr(a, imports)
		out.unknown = out.unknown || vs.unknown
		out.addSourcesOf(vs)
		if i == 0 && len(args) > 1 && ev.envOnly(a, imports) {
			// A base directory read from an environment variable alone
			// (if dir := os.Getenv("XDG_DATA_HOME"); dir != ""): code
			// joins onto it once it is set, so unset is no default path.
			vs.vals = slices.DeleteFunc(slices.Clone(vs.vals), func(v string) bool { return v == "" })
		}
		if len(vs.vals) == 0 {
			out.vals = nil
			return out
		}
		var joined []string
		for _, x := range out.vals {
			for _, y := range vs.vals {
				if len(joined) < maxValues {
					joined = append(joined, path.Join(x, y))
				}
			}
		}
		out.vals = joined
	}
	return out
}

// getenvCall returns e as a call of os.Getenv or os.LookupEnv with its one
// argument, the variable's name.
func getenvCall(imports map[string]string, e ast.Expr) (*ast.CallExpr, bool) {
	c, ok := e.(*ast.CallExpr)
	if !ok || len(c.Args) != 1 {
		return nil, false
	}
	p, name, ok := qualified(imports, c.Fun)
	return c, ok && p == "os" && (name == "Getenv" || name == "LookupEnv")
}

// envOnly reports whether e is the value of an environment variable and
// nothing else: os.Getenv(…), or a local name only ever assigned one.
func (ev *evaluator) envOnly(e ast.Expr, imports map[string]string) bool {
	if _, ok := getenvCall(imports, e); ok {
		return true
	}
	id, ok := e.(*ast.Ident)
	sc := ev.scope
	if !ok || sc == nil || !sc.locals[id.Name] || len(sc.assigns[id.Name]) == 0 {
		return false
	}
	for _, a := range sc.assigns[id.Name] {
		if _, ok := getenvCall(a.imports, a.expr); !ok {
			return false
		}
	}
	return true
}

// joinHostPort evaluates net.JoinHostPort(host, port) with the first host.
func (ev *evaluator) joinHostPort(c *ast.CallExpr, imports map[string]string) result {
	hosts := ev.expr(c.Args[0], imports)
	host := ""
	if len(hosts.vals) > 0 {
		host = hosts.vals[0]
	}
	ports := ev.expr(c.Args[1], imports)
	out := result{unknown: hosts.unknown || ports.unknown}
	out.addSourcesOf(hosts)
	out.addSourcesOf(ports)
	for _, port := range ports.vals {
		out.add(host + ":" + port)
	}
	return out
}

// envHelper evaluates a getenv-with-default helper: an environment
// variable name among the arguments, and the other arguments are the
// default. It reports false when no argument names a variable.
func (ev *evaluator) envHelper(c *ast.CallExpr, imports map[string]string) (result, bool) {
	envArg := -1
	for i, a := range c.Args {
		if isEnvName(imports, a) {
			envArg = i
			break
		}
	}
	if envArg < 0 {
		return result{}, false
	}
	var out result
	out.addSources([]setter{{"env", stringLit(c.Args[envArg])}})
	for i, a := range c.Args {
		if i != envArg {
			out.merge(ev.expr(a, imports))
		}
	}
	return out, true
}

// returned returns what the called function or method returns: a function
// of this package or of another own package (config.DefaultAddr()), or a
// method of this package, matched by name whatever its receiver.
func (ev *evaluator) returned(c *ast.CallExpr, imports map[string]string) result {
	switch fun := c.Fun.(type) {
	case *ast.Ident:
		if predeclared[fun.Name] {
			return result{} // len, make, …
		}
		return ev.name(returnPrefix + fun.Name)
	case *ast.SelectorExpr:
		p, name, ok := qualified(imports, fun)
		if !ok {
			// config.Opts.DatabaseURL(): a method of another own
			// package's variable returns what that package's does, when
			// only one type there has a method of that name.
			if p, _, ok := qualified(imports, fun.X); ok {
				if o := ev.other(p); o != nil {
					if !o.oneReceiver(fun.Sel.Name) {
						return result{}
					}
					return o.name(returnPrefix + fun.Sel.Name)
				}
			}
			return ev.name(returnPrefix + fun.Sel.Name)
		}
		if o := ev.other(p); o != nil {
			return o.name(returnPrefix + name)
		}
	}
	return result{}
}

// qualified returns the import path and name of a qualified identifier
// pkg.Name, given the imports of the file it is in.
func qualified(imports map[string]string, e ast.Expr) (string, string, bool) {
	sel, ok := e.(*ast.SelectorExpr)
	if !ok {
		return "", "", false
	}
	id, ok := sel.X.(*ast.Ident)
	if !ok {
		return "", "", false
	}
	p, ok := imports[id.Name]
	return p, sel.Sel.Name, ok
}

// isEnvName reports whether e is os.Getenv("X") or a literal that names a
// listen-related environment variable (PORT, HTTP_ADDR, LISTEN_ADDRESS, …).
func isEnvName(imports map[string]string, e ast.Expr) bool {
	if _, ok := e.(*ast.CallExpr); ok {
		_, ok := getenvCall(imports, e)
		return ok
	}
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return false
	}
	v, _ := strconv.Unquote(lit.Value)
	return envNameRE.MatchString(v)
}

var envNameRE = regexp.MustCompile(`^[A-Z0-9_]*(PORT|ADDR|ADDRESS|LISTEN)[A-Z0-9_]*$`)

// sprintFormat returns the format and arguments of fmt.Sprintf that
// fmt.Sprint(args...) amounts to, its string literals written into the
// format: Sprint(host, ":", port) is Sprintf("%v:%v", host, port).
func sprintFormat(args []ast.Expr) (string, []ast.Expr) {
	var b strings.Builder
	var rest []ast.Expr
	for _, a := range args {
		if isStringLit(a) {
			b.WriteString(strings.ReplaceAll(stringLit(a), "%", "%%"))
			continue
		}
		b.WriteString("%v")
		rest = append(rest, a)
	}
	return b.String(), rest
}

// hostVerb reports whether the verb for argument i of format is followed
// by ":" (the host of "%s:%d").
func hostVerb(format string, i int) bool {
	n := 0
	for j := 0; j+1 < len(format); j++ {
		if format[j] != '%' {
			continue
		}
		if format[j+1] == '%' {
			j++
			continue
		}
		if n == i {
			return j+2 < len(format) && format[j+2] == ':'
		}
		n++
		j++
	}
	return false
}

// sprintf substitutes %s, %d and %v verbs with args, enough for ":%d".
func sprintf(format string, args []string) string {
	var b strings.Builder
	ai := 0
	for i := 0; i < len(format); i++ {
		if format[i] == '%' && i+1 < len(format) {
			verb := format[i+1]
			if verb == '%' {
				b.WriteByte('%')
				i++
				continue
			}
			if strings.IndexByte("sdv", verb) >= 0 && ai < len(args) {
				b.WriteString(args[ai])
				ai++
				i++
				continue
			}
		}
		b.WriteByte(format[i])
	}
	return b.String()
}
