package analyze

import (
	"go/ast"
	"go/parser"
	"go/token"
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
}

// assigned is one expression assigned to a name, with the imports of the
// file it is in.
type assigned struct {
	expr    ast.Expr
	imports map[string]string
}

// evalFile is one file of the package being traced.
type evalFile struct {
	name    string
	src     []byte
	parsed  bool
	f       *ast.File             // nil until parsed, or when it does not parse
	idents  map[string]bool       // identifiers in src, nil until indexed
	assigns map[string][]assigned // name → what this file assigns to it
	meta    *configMeta           // env vars and flags that set names here
	imports map[string]string
	params  map[string][]param         // parameter name → where it is declared
	calls   map[string][]*ast.CallExpr // called name → the calls
}

// evaluator traces values in one package. It is not safe for concurrent
// use; each package is scanned by one goroutine.
type evaluator struct {
	fset   *token.FileSet
	files  []*evalFile
	memo   map[string]*nameEval
	budget int // steps per call of eval; evalBudget unless a test says
	steps  int // steps taken by all calls, for tests and traces
	parses int // files parsed
	// load reads a file whose content was not given, by name; nil
	// leaves such a file empty.
	load func(name string) []byte

	left int // steps left in the current call of eval
}

// nameEval is the remembered outcome of tracing a name.
type nameEval struct {
	done bool // false while the name is being computed
	res  result
}

// newEvaluator returns an evaluator over the files of a package, given by
// name and content; none is parsed yet.
func newEvaluator(fset *token.FileSet, names []string, srcs [][]byte) *evaluator {
	ev := &evaluator{fset: fset, memo: map[string]*nameEval{}, budget: evalBudget}
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
	ev.fill(ef)
	if ef.src == nil {
		return nil // unreadable; ParseFile would read the file by name
	}
	f, err := parser.ParseFile(ev.fset, ef.name, ef.src, parser.SkipObjectResolution)
	ev.parses++
	if err != nil && f == nil {
		return nil
	}
	ef.f = f
	ef.assigns = assignments(f)
	ef.meta = newConfigMeta()
	ef.imports = importNames(f)
	collectConfig(f, func(name string, e ast.Expr) {
		ef.assigns[name] = append(ef.assigns[name], assigned{e, ef.imports})
	}, ef.meta) // flag definitions, struct tag defaults, …
	ef.params, ef.calls = paramIndex(f, ef.imports)
	return f
}

// fill reads the content of ef if it was not given.
func (ev *evaluator) fill(ef *evalFile) {
	if ef.src == nil && ev.load != nil {
		ef.src = ev.load(ef.name)
	}
}

// mentions reports whether file i has name as an identifier. A
// configuration key (keyPrefix) may be named in any file.
func (ev *evaluator) mentions(i int, name string) bool {
	if strings.HasPrefix(name, keyPrefix) {
		return true
	}
	ef := ev.files[i]
	if ef.idents == nil {
		ev.fill(ef)
		ef.idents = map[string]bool{}
		forIdents(ef.src, func(id []byte) { ef.idents[string(id)] = true })
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
func assignments(f *ast.File) map[string][]assigned {
	out := map[string][]assigned{}
	imports := importNames(f)
	add := func(name string, e ast.Expr) {
		out[name] = append(out[name], assigned{e, imports})
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ValueSpec:
			for i, name := range n.Names {
				if i < len(n.Values) && name.Name != "_" {
					add(name.Name, n.Values[i])
				}
			}
		case *ast.AssignStmt:
			if len(n.Lhs) == len(n.Rhs) {
				for i, lhs := range n.Lhs {
					if id := assignedName(lhs); id != "" {
						add(id, n.Rhs[i])
					}
				}
			}
		}
		return true
	})
	return out
}

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
	return ev.expr(e, imports)
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
		return ev.name(e.Name)
	case *ast.SelectorExpr:
		if _, _, ok := qualified(imports, e); !ok {
			return ev.name(e.Sel.Name) // a field: srv.Addr
		}
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return result{}
		}
		x := ev.expr(e.X, imports)
		y := ev.expr(e.Y, imports)
		out := result{unknown: x.unknown || y.unknown}
		out.addSources(x.srcs)
		out.addSources(y.srcs)
		for _, a := range x.vals {
			for _, b := range y.vals {
				out.add(a + b)
			}
		}
		return out
	case *ast.CallExpr:
		return ev.call(e, imports)
	}
	return result{}
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
	r.addSources(o.srcs)
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
files:
	for i, ef := range ev.files {
		if !ef.parsed && !ev.mayAssign(i, name) {
			continue // cannot assign to name
		}
		ev.parse(i)
		if ef.meta != nil {
			out.addSources(ef.meta.sources[name])
		}
		for _, a := range ef.assigns[name] {
			if out.full() {
				break files // later values would be dropped anyway
			}
			out.merge(ev.expr(a.expr, a.imports))
			if ev.left <= 0 {
				out.unknown = true
				break files
			}
		}
	}
	if !out.full() && ev.left > 0 {
		out.merge(ev.paramValues(name))
	}
	m.done, m.res = true, out
	return out
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

func (ev *evaluator) call(c *ast.CallExpr, imports map[string]string) result {
	p, name, isPkg := qualified(imports, c.Fun)
	switch {
	case isPkg && p == "os" && (name == "Getenv" || name == "LookupEnv") && len(c.Args) == 1:
		// Unset, the variable reads as "": host + ":" + port binds every
		// interface when HOST is not set.
		return result{vals: []string{""}, srcs: []setter{{"env", stringLit(c.Args[0])}}}
	case isPkg && p == "fmt" && name == "Sprintf" && len(c.Args) >= 1:
		formats := ev.expr(c.Args[0], imports)
		out := result{unknown: formats.unknown, srcs: formats.srcs}
		if len(formats.vals) == 0 {
			return out
		}
		// Each argument takes its first value; an argument without one
		// leaves the result unknown, unless there are no arguments.
		args := make([]string, 0, len(c.Args)-1)
		for _, a := range c.Args[1:] {
			vs := ev.expr(a, imports)
			out.unknown = out.unknown || vs.unknown
			out.addSources(vs.srcs)
			if len(vs.vals) == 0 {
				return out
			}
			args = append(args, vs.vals[0])
		}
		for _, f := range formats.vals {
			out.add(sprintf(f, args))
		}
		return out
	case isPkg && p == "net" && name == "JoinHostPort" && len(c.Args) == 2:
		hosts := ev.expr(c.Args[0], imports)
		host := ""
		if len(hosts.vals) > 0 {
			host = hosts.vals[0]
		}
		ports := ev.expr(c.Args[1], imports)
		out := result{unknown: hosts.unknown || ports.unknown}
		out.addSources(hosts.srcs)
		out.addSources(ports.srcs)
		for _, port := range ports.vals {
			out.add(host + ":" + port)
		}
		return out
	case isPkg && (p == "strconv" && name == "Itoa" || p == "fmt" && name == "Sprint") && len(c.Args) == 1:
		return ev.expr(c.Args[0], imports)
	case isPkg && (p == "flag" || strings.HasSuffix(p, "/pflag")):
		// flag.String(name, default, usage), flag.StringP(name, short,
		// default, usage), …: flagDef knows where each argument is.
		if nameArg, defArg, _, ok := flagDef(c); ok {
			out := ev.expr(c.Args[defArg], imports)
			out.addSources([]setter{{"flag", stringLit(c.Args[nameArg])}})
			return out
		}
		return result{}
	}
	if out, ok := ev.configCall(c, imports); ok {
		return out
	}
	// A getenv-with-default helper: an environment variable name among the
	// arguments, and the other arguments are the default.
	envArg := -1
	for i, a := range c.Args {
		if isEnvName(imports, a) {
			envArg = i
			break
		}
	}
	if envArg < 0 {
		return result{}
	}
	var out result
	out.addSources([]setter{{"env", stringLit(c.Args[envArg])}})
	for i, a := range c.Args {
		if i != envArg {
			out.merge(ev.expr(a, imports))
		}
	}
	return out
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
	if c, ok := e.(*ast.CallExpr); ok {
		if p, name, ok := qualified(imports, c.Fun); ok && p == "os" && name == "Getenv" {
			return true
		}
		return false
	}
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return false
	}
	v, _ := strconv.Unquote(lit.Value)
	return envNameRE.MatchString(v)
}

var envNameRE = regexp.MustCompile(`^[A-Z0-9_]*(PORT|ADDR|ADDRESS|LISTEN)[A-Z0-9_]*$`)

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
