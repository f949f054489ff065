package analyze

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// pkgFacts is what one package contributes to the facts of every main that
// imports it. Positions are final ("cmd/api/main.go:12", or an import path
// and file for a dependency).
type pkgFacts struct {
	needs    []Evidence // ca_certs, tzdata, tmp, passwd
	ports    []intFact
	health   []healthFact
	versions []strFact  // full -X names
	paths    []strFact  // relative paths opened at run time
	unknown  []Evidence // values whose tracing ran out of budget
	dataDirs []strFact  // directories written to by default
	// writes are the files written by default paths: a file a function
	// reads and writes back is edited in place (a tool rewriting the
	// sources), not a run-time file to ship.
	writes    []strFact
	databases []dbFact // connect calls of database servers
	// fileDrivers are string literals naming a database file's driver
	// (database.go).
	fileDrivers []strFact
	listens     []listenFact
	// tableAddrs are defaults of listen settings in configuration tables,
	// used when no listen call traces to an address.
	tableAddrs []listenFact
	serves     []serveFact
	clients    []serveFact // uses that make an HTTP request or dial (clientSels)
	graph      *graph      // nil for dependencies
	// consulted lists the packages whose importers' call arguments gave
	// values, and linked says which of those importers were linked into
	// the binary scanned for (linkedImporters): the facts hold for a
	// binary that links in the same ones.
	consulted []string
	linked    string
}

// perMain reports whether the facts depend on the importers linked in.
func (f *pkgFacts) perMain() bool { return len(f.consulted) > 0 }

// unknownBudget ends the detail of a fact whose value could not be traced
// within evalBudget.
const unknownBudget = "value unknown (budget): tracing stopped"

// intFact and strFact are facts seen in the graph node fn ("" for facts
// of dependencies, which count whenever the package is imported).
type intFact struct {
	n  int
	ev Evidence
	fn string
}

type strFact struct {
	s   string
	ev  Evidence
	fn  string
	dev bool // seen only on a development path
}

// needRule says that using pkgPath.name means the binary needs fact.
type needRule struct {
	pkgPath string
	names   []string
	fact    string
	detail  string
}

// needRules are checked in this order; every rule that matches adds evidence.
var needRules = []needRule{
	{"time", []string{"LoadLocation"}, FactTZData, "loads a time zone by name"},
	{"os", []string{"TempDir", "CreateTemp", "MkdirTemp"}, FactTmp, "uses the temporary directory"},
	{"io/ioutil", []string{"TempFile", "TempDir"}, FactTmp, "uses the temporary directory"},
	{"os/user", []string{"Current", "Lookup", "LookupId", "LookupGroup", "LookupGroupId"}, FactPasswd, "looks up users or groups"},
	{"net/http", []string{"Get", "Post", "Head", "PostForm", "NewRequest", "NewRequestWithContext", "Client", "DefaultClient", "DefaultTransport", "Transport"}, FactCACerts, "makes HTTP client requests"},
	{"crypto/tls", []string{"Dial", "DialWithDialer", "Client", "Dialer"}, FactCACerts, "opens TLS connections"},
	{"crypto/x509", []string{"SystemCertPool"}, FactCACerts, "reads the system certificate pool"},
	{"net/smtp", []string{"SendMail", "Dial"}, FactCACerts, "talks SMTP with STARTTLS"},
	{"google.golang.org/grpc/credentials", []string{"NewClientTLSFromCert", "NewClientTLSFromFile", "NewTLS"}, FactCACerts, "dials gRPC over TLS"},
}

// tmpMethods are method names that parse multipart forms, which spill large
// uploads to temporary files.
var tmpMethods = []string{"ParseMultipartForm", "FormFile", "ReadForm"}

// needSelectors are the qualified names (with the packages' default names)
// and method names that can match a need rule. A dependency file that
// mentions none of them is not parsed; dependencies that rename those
// imports are missed. The project's own packages are always parsed whole.
var needSelectors, needMethods = func() (map[string]bool, map[string]bool) {
	sel, meth := map[string]bool{}, map[string]bool{}
	for _, r := range needRules {
		for _, n := range r.names {
			sel[path.Base(r.pkgPath)+"."+n] = true
		}
	}
	for _, m := range tmpMethods {
		meth[m] = true
	}
	return sel, meth
}()

// mentionsNeed reports whether src holds a selector x.Name that a need
// rule could match, in one pass over the bytes.
func mentionsNeed(src []byte) bool {
	for i := 0; i < len(src); i++ {
		if src[i] != '.' {
			continue
		}
		j := i
		for j > 0 && isIdentByte(src[j-1]) {
			j--
		}
		k := i + 1
		for k < len(src) && isIdentByte(src[k]) {
			k++
		}
		if k == i+1 {
			continue
		}
		if needSelectors[string(src[j:k])] || needMethods[string(src[i+1:k])] {
			return true
		}
		i = k - 1
	}
	return false
}

func isIdentByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

// listenMethods are functions and methods whose string arguments are listen
// addresses: net/http, net, gin, echo, fiber, grpc-gateway and friends.
var listenMethods = map[string]bool{
	"ListenAndServe": true, "ListenAndServeTLS": true, "Listen": true, "ListenTCP": true,
	"Run": true, "RunTLS": true, "Start": true, "StartTLS": true,
}

// runtimeCalls are package functions whose argument (by index, -1 for all)
// is a path opened at run time.
var runtimeCalls = []struct {
	pkgPath, name string
	arg           int
}{
	{"net/http", "Dir", 0}, {"net/http", "ServeFile", 2}, {"os", "DirFS", 0},
	{"os", "ReadFile", 0}, {"os", "Open", 0}, {"os", "ReadDir", 0},
	{"io/ioutil", "ReadFile", 0}, {"io/ioutil", "ReadDir", 0},
	{"path/filepath", "Walk", 0}, {"path/filepath", "WalkDir", 0}, {"path/filepath", "Glob", 0},
	{"html/template", "ParseGlob", 0}, {"html/template", "ParseFiles", -1},
	{"text/template", "ParseGlob", 0}, {"text/template", "ParseFiles", -1},
}

// runtimeMethods are methods (any receiver) whose argument is a path opened
// at run time: template sets, gin, echo and fiber static handlers.
var runtimeMethods = map[string]int{
	"ParseGlob": 0, "ParseFiles": -1, "LoadHTMLGlob": 0, "LoadHTMLFiles": -1,
	"Static": 1, "StaticFile": 1,
}

// healthRE matches routes that look like health checks, optionally behind a
// method ("GET /healthz") and a prefix ("/api/health").
var healthRE = regexp.MustCompile(`^(?:[A-Z]+ +)?((?:/[A-Za-z0-9_.\-]+)*/(?:healthz|health|healthcheck|health-check|livez|livenessz?|readyz|readiness|ready|ping))/?$`)

// healthRank orders health routes: the first match in this list wins.
var healthRank = []string{"healthz", "health", "livez", "readyz", "healthcheck", "health-check", "liveness", "livenessz", "readiness", "ready", "ping"}

// buildVarRE matches the names of versionVarRE that mean build information
// wherever they are declared.
var buildVarRE = regexp.MustCompile(`(?i)^(version|appversion|gitversion|gitcommit|commithash|commitsha|gitsha|gitrevision|builddate|buildtime|builttime|builtat|buildstamp|buildtimestamp)$`)

// versionVarRE matches names of string variables meant for -X stamping.
var versionVarRE = regexp.MustCompile(`(?i)^(version|appversion|gitversion|semver|commit|gitcommit|commithash|commitsha|gitsha|sha|revision|gitrevision|date|builddate|buildtime|builttime|builtat|buildstamp|buildtimestamp)$`)

// addrRE matches a listen address with a port: ":8080", "0.0.0.0:80", "[::]:443".
var addrRE = regexp.MustCompile(`^(\[[0-9A-Fa-f:.]*\]|[A-Za-z0-9_.\-]*):([0-9]{1,5})$`)

// scanPackage parses the Go files of p that can hold a fact and returns its
// facts. In the project's own packages, a file is parsed when a byte scan
// says it can hold a fact (canHoldFact; every file of a package where
// version variables are looked for), and the files that a traced value's
// name occurs in (see eval.go). Dependencies are scanned by
// scanDependency. The files come from what go/build read (see sources.go):
// own files are not read again.
func (a *analyzer) scanPackage(p *pkg) *pkgFacts {
	out := &pkgFacts{}
	if p.bp == nil {
		return out
	}
	fsys, kind := a.fsys, "local"
	if !p.local {
		fsys, kind = a.opts.ModCache, "mod"
	}
	if !p.own {
		return a.scanDependency(p, fsys)
	}
	versionPkg := p.own && isVersionPkg(p.bp.Name)
	var names []string
	var srcs [][]byte
	var scan []bool // whether facts are read from the file
	for _, name := range goFiles(p.bp) {
		file := path.Join(p.dir, name)
		kept, ok := a.take(kind, file)
		src := kept.data
		if !ok || src == nil && versionPkg { // not kept: read it now
			data, err := fs.ReadFile(fsys, file)
			if err != nil {
				continue
			}
			a.stats.filesRead.Add(1)
			src = data
		}
		names = append(names, name)
		srcs = append(srcs, src) // nil: an own file read again only if value tracing needs it
		scan = append(scan, versionPkg || src != nil && canHoldFact(src))
	}
	// The files are parsed through the directory's shared cache, which
	// tracing from other packages reads too: each is parsed once.
	d := a.sharedDirOf(p)
	for i, src := range srcs {
		if src != nil {
			d.seed(names[i], src)
		}
	}
	ev := newEvaluator(d.fset, names, srcs)
	ev.shared = d
	a.traceAcross(p, ev)
	where := wherePos(p, d.fset)
	out.graph = newGraph(p.importPath)
	// Every own file is parsed: the call graph and the commands need them
	// all, and the types of receivers the package-level declarations of
	// every file. The need rules run only where scan allows.
	files := make([]*ast.File, len(names))
	for i := range names {
		files[i] = ev.parse(i)
	}
	types := newPkgTypes(p.importPath, files)
	ev.types = types
	out.graph.results = map[string]typeRef{}
	for fn, t := range types.funcs {
		if t.ref.name != "" {
			out.graph.results[p.importPath+"."+fn] = t.ref
		}
	}
	for i, f := range files {
		graphOnly := !scan[i]
		if f == nil {
			continue
		}
		s := &fileScan{
			file:    names[i],
			pkgPath: p.importPath,
			imports: importNames(f),
			values:  ev,
			where:   where,
			out:     out,
			graph:   out.graph,
			holders: map[*ast.CompositeLit]string{},
			subLits: map[*ast.CompositeLit]bool{},
			dead:    map[ast.Node]bool{},
			recv:    receiverTypes(f, p.importPath, types),
		}
		if !graphOnly {
			s.needs(f)
		}
		s.local(f, p, versionPkg)
	}
	out.graph.seen, out.graph.names = nil, nil // complete: no edge is added any more
	if ev.set != nil {
		out.consulted = ev.set.consulted
		out.linked = a.linkedImporters(out.consulted)
	}
	a.cross.forget(p.dir, out.perMain())
	a.stats.filesParsed.Add(int64(ev.parses))
	a.stats.evalSteps.Add(int64(ev.steps))
	a.stats.outOfBudget.Add(int64(len(out.unknown)))
	return out
}

// scanDependency returns the run-time needs of a dependency package (from
// the module cache or vendor/ alike): only its files that import a package
// a need rule is about, and mention a need selector, are read whole and
// parsed, one at a time, and dropped once scanned. No value is traced in
// dependencies, so no evaluator is built.
func (a *analyzer) scanDependency(p *pkg, fsys fs.FS) *pkgFacts {
	out := &pkgFacts{}
	fset := token.NewFileSet()
	where := wherePos(p, fset)
	for _, name := range goFiles(p.bp) {
		if !p.needFiles[name] {
			continue // imports no package a need rule is about
		}
		data, err := fs.ReadFile(fsys, path.Join(p.dir, name))
		if err != nil {
			continue
		}
		a.stats.filesRead.Add(1)
		if !mentionsNeed(data) {
			continue
		}
		if evs, ok := tokenNeeds(fset, name, data, where); ok {
			out.needs = append(out.needs, evs...)
			continue
		}
		f, _ := parser.ParseFile(fset, name, data, parser.SkipObjectResolution)
		a.stats.filesParsed.Add(1)
		if f == nil {
			continue
		}
		s := &fileScan{file: name, pkgPath: p.importPath, imports: importNames(f), where: where, out: out, dead: map[ast.Node]bool{}}
		s.needs(f)
	}
	return out
}

// goFiles lists the Go files of a package that are built, cgo files
// included.
func goFiles(bp *build.Package) []string {
	return append(append([]string(nil), bp.GoFiles...), bp.CgoFiles...)
}

// wherePos returns the function that names a position in a file of p for
// evidence: a path in the project, or an import path and file.
func wherePos(p *pkg, fset *token.FileSet) func(file string, pos token.Pos) string {
	return func(file string, pos token.Pos) string {
		line := fset.Position(pos).Line
		if p.local {
			return fmt.Sprintf("%s:%d", path.Join(p.dir, file), line)
		}
		return fmt.Sprintf("%s/%s:%d", p.importPath, file, line)
	}
}

// needImports are the packages a need rule or tmpMethods is about: a
// dependency file that imports none of them holds no need.
var needImports = func() []string {
	out := []string{"net/http", "mime/multipart"} // tmpMethods' receivers
	for _, r := range needRules {
		if !slices.Contains(out, r.pkgPath) {
			out = append(out, r.pkgPath)
		}
	}
	return out
}()

// needFiles returns the base names of the files of bp that import one of
// needImports.
func needFiles(bp *build.Package) map[string]bool {
	out := map[string]bool{}
	for _, imp := range needImports {
		for _, pos := range bp.ImportPos[imp] {
			out[path.Base(pos.Filename)] = true
		}
	}
	return out
}

// isVersionPkg reports whether a package of that name is one where string
// variables are version variables.
func isVersionPkg(name string) bool {
	return name == "main" || slices.Contains([]string{"version", "buildinfo", "build"}, name)
}

// canHoldFact reports whether a file of the project's own code can hold a
// fact that fileScan looks for, by one byte scan that over-approximates
// its rules, so that a file it says no to would have given no fact:
//
//   - a need: a selector whose name a need rule or tmpMethods has
//     (x.LoadLocation, x.FormFile, …), whatever x is;
//   - a port: a listen method called with arguments (Start() is not), an
//     Addr/Address key, or an assignment to an Addr field;
//   - a run-time path: a selector naming a runtimeCalls function or a
//     runtimeMethods method;
//   - a health route: a call whose first argument is a string literal
//     that healthRE matches, or a + before a string literal that
//     healthTailRE matches (healthConcat).
//
// Version variables are looked for in every file of the packages that can
// have them (isVersionPkg), whatever this says.
func canHoldFact(src []byte) bool {
	for i := 0; i < len(src); {
		c := src[i]
		if c == '(' || c == '+' {
			if c == '(' && healthArg(src[i+1:]) || c == '+' && healthTail(src[i+1:]) {
				return true
			}
			i++
			continue
		}
		if !isIdentByte(c) {
			i++
			continue
		}
		j := i
		for j < len(src) && isIdentByte(src[j]) {
			j++
		}
		if identHoldsFact(src, i, j) {
			return true
		}
		i = j
	}
	return false
}

// identHoldsFact reports whether the identifier src[i:j] makes a fact that
// canHoldFact looks for: a fact selector, a listen method called with
// arguments, or an Addr key or field assignment.
func identHoldsFact(src []byte, i, j int) bool {
	id := string(src[i:j])
	afterDot := i > 0 && src[i-1] == '.'
	k := skipBlanks(src, j)
	next := byte(0)
	if k < len(src) {
		next = src[k]
	}
	assign := next == '=' && (k+1 == len(src) || src[k+1] != '=') // x.Addr = …, not ==
	switch {
	case afterDot && factSelectors[id]:
		return true
	case listenMethods[id] && next == '(' && !emptyParens(src[k+1:]):
		return true
	case id == "Addr" || id == "Address":
		if next == ':' && (k+1 == len(src) || src[k+1] != '=') { // a key
			return true
		}
		return afterDot && (next == ',' || assign) // an assignment
	}
	return false
}

// skipBlanks returns the index of the first byte at or after i that is not
// a space or a tab.
func skipBlanks(src []byte, i int) int {
	for i < len(src) && (src[i] == ' ' || src[i] == '\t') {
		i++
	}
	return i
}

// healthArg reports whether rest, the bytes after an opening parenthesis,
// start with a string literal that healthRE matches.
func healthArg(rest []byte) bool {
	return leadingLitMatches(rest, healthRE)
}

// leadingLitMatches reports whether rest starts (after white space, line
// breaks included) with a string literal whose text re matches; a literal
// with escapes counts, to be left to the parser, and so does a comment in
// front (what follows it is not read).
func leadingLitMatches(rest []byte, re *regexp.Regexp) bool {
	k := len(rest) - len(bytes.TrimLeft(rest, " \t\r\n"))
	if k < len(rest) && rest[k] == '/' {
		return true
	}
	if k == len(rest) || rest[k] != '"' && rest[k] != '`' {
		return false
	}
	end := bytes.IndexByte(rest[k+1:], rest[k])
	if end < 0 {
		return false
	}
	lit := rest[k+1 : k+1+end]
	if rest[k] == '"' && bytes.IndexByte(lit, '\\') >= 0 {
		return true // escapes: leave it to the parser
	}
	return re.Match(lit)
}

// emptyParens reports whether rest, the bytes after an opening parenthesis,
// close it with only white space in between.
func emptyParens(rest []byte) bool {
	for _, c := range rest {
		switch c {
		case ' ', '\t', '\n', '\r':
			continue
		case ')':
			return true
		}
		return false
	}
	return false
}

// factSelectors are the names that, after a dot, can make a need or a
// run-time path fact.
var factSelectors = func() map[string]bool {
	m := map[string]bool{}
	for _, r := range needRules {
		for _, n := range r.names {
			m[n] = true
		}
	}
	for _, n := range tmpMethods {
		m[n] = true
	}
	for _, rc := range runtimeCalls {
		m[rc.name] = true
	}
	for n := range runtimeMethods {
		m[n] = true
	}
	return m
}()

// importNames maps the names a file uses for its imports to import paths.
func importNames(f *ast.File) map[string]string {
	m := map[string]string{}
	for _, imp := range f.Imports {
		p, err := strconv.Unquote(imp.Path.Value)
		if err != nil {
			continue
		}
		name := assumedName(p)
		if imp.Name != nil {
			name = imp.Name.Name
		} else if base := path.Base(p); majorRE.MatchString(base) {
			// k8s.io/api/core/v1 is package v1, github.com/jackc/pgx/v5
			// package pgx: without reading it, both names stand for it.
			if _, taken := m[base]; !taken {
				m[base] = p
			}
		}
		m[name] = p
	}
	return m
}

// assumedName is the name a file uses for an import it does not rename,
// as goimports assumes it without reading the package: the last element
// of the path, the one before a major version suffix (pgx/v5 → pgx), without
// a go- prefix (go-redis → redis), up to its first character that cannot
// be in an identifier (yaml.v3 → yaml).
func assumedName(importPath string) string {
	base := path.Base(importPath)
	if majorRE.MatchString(base) && path.Dir(importPath) != "." {
		base = path.Base(path.Dir(importPath))
	}
	base = strings.TrimPrefix(base, "go-")
	if i := strings.IndexFunc(base, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' }); i >= 0 {
		base = base[:i]
	}
	return base
}

// fileScan walks one file.
type fileScan struct {
	file    string
	pkgPath string
	imports map[string]string
	values  *evaluator // traces values; nil in dependencies
	where   func(file string, pos token.Pos) string
	out     *pkgFacts

	graph   *graph
	fn      string                       // the graph node being walked
	fnName  string                       // the function being walked, "" at package level
	dev     int                          // > 0 inside an if on a development setting
	dead    map[ast.Node]bool            // branches for other systems (goos.go)
	holders map[*ast.CompositeLit]string // literal → variable it is stored in
	subLits map[*ast.CompositeLit]bool   // literals listed as subcommands
	// recv holds the selectors x.M whose x has a known type (statictype.go).
	recv map[*ast.SelectorExpr]typeRef
}

// ruleEvidence returns the evidence of the need rules that p.name
// matches, seen where at says (asked only on a match): one reading for the
// syntax tree (fileScan.needs) and for a dependency's tokens (tokenNeeds).
func ruleEvidence(p, name string, at func() string) []Evidence {
	var out []Evidence
	for _, r := range needRules {
		if r.pkgPath == p && slices.Contains(r.names, name) {
			out = append(out, Evidence{Fact: r.fact, Pos: at(), Detail: fmt.Sprintf("%s: uses %s.%s", r.detail, path.Base(p), name)})
		}
	}
	return out
}

func (s *fileScan) ev(fact string, pos token.Pos, detail string) Evidence {
	return Evidence{Fact: fact, Pos: s.where(s.file, pos), Detail: detail}
}

// pkgSel returns the import path and name of a qualified identifier pkg.Name.
func (s *fileScan) pkgSel(e ast.Expr) (string, string, bool) {
	return qualified(s.imports, e)
}

// needs records uses that need run-time files: the need rules, and
// multipart parsing methods.
func (s *fileScan) needs(f *ast.File) {
	ast.Inspect(f, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		if p, name, ok := s.pkgSel(sel); ok {
			s.out.needs = append(s.out.needs, ruleEvidence(p, name, func() string { return s.where(s.file, sel.Pos()) })...)
			return true
		}
		if slices.Contains(tmpMethods, sel.Sel.Name) {
			s.out.needs = append(s.out.needs, s.ev(FactTmp, sel.Pos(), fmt.Sprintf("parses multipart forms (%s), which spill to temporary files", sel.Sel.Name)))
		}
		return true
	})
}

// local records the facts read only in the project's own packages;
// versionPkg says whether its string variables are version variables.
func (s *fileScan) local(f *ast.File, p *pkg, versionPkg bool) {
	// In package main and packages named for version information, every
	// name versionVarRE matches counts; elsewhere only the unambiguous
	// ones (pkg/command.GitCommit, not a package's date or sha).
	re := buildVarRE
	if versionPkg {
		re = versionVarRE
	}
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR {
			continue
		}
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			if !isStringVar(vs) {
				continue
			}
			for _, name := range vs.Names {
				if re.MatchString(name.Name) {
					full := p.importPath + "." + name.Name
					if p.bp.Name == "main" {
						full = "main." + name.Name
					}
					s.out.versions = append(s.out.versions, strFact{full, s.ev(FactVersion, name.Pos(), fmt.Sprintf("string variable %s can be set with -ldflags -X", name.Name)), "", false})
				}
			}
		}
	}
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok {
			s.enterFunc(fd)
			continue
		}
		s.fn, s.fnName = s.pkgPath+"."+initNode, ""
		s.walk(d)
	}
}

// isStringVar reports whether a var spec declares strings that -X can set:
// typed string, or initialised with string literals or constants only.
func isStringVar(vs *ast.ValueSpec) bool {
	if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != "string" {
		if vs.Type != nil || len(vs.Values) != len(vs.Names) {
			return false
		}
	}
	for _, v := range vs.Values {
		switch v := v.(type) {
		case *ast.BasicLit:
			if v.Kind != token.STRING {
				return false
			}
		case *ast.Ident: // a string constant; -X accepts constant initialisers
			if v.Name == "nil" || v.Name == "true" || v.Name == "false" || v.Name == "iota" {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// call looks at one call for listen addresses, health routes and run-time
// paths.
func (s *fileScan) call(c *ast.CallExpr) {
	name := lastName(c.Fun)
	s.dataCall(c)
	s.databaseCall(c)
	if listenMethods[name] || slices.Contains(serveNames, name) {
		s.listenCall(c, name)
	}
	if len(c.Args) >= 2 && !slices.Contains(notHandlerCalls, name) {
		s.healthRoute(c)
	}
	if p, fname, ok := s.pkgSel(c.Fun); ok {
		for _, rc := range runtimeCalls {
			if rc.pkgPath == p && rc.name == fname {
				s.paths(c, rc.arg, path.Base(p)+"."+fname)
			}
		}
		return
	}
	if sel, ok := c.Fun.(*ast.SelectorExpr); ok {
		if arg, ok := runtimeMethods[sel.Sel.Name]; ok {
			s.paths(c, arg, sel.Sel.Name)
		}
	}
}

// notHandlerCalls take a route prefix and a group or sub-router, not a
// handler: a route group named /ping is no health route.
var notHandlerCalls = []string{"Group", "Route", "Mount", "Prefix", "PathPrefix", "Static", "StaticFS", "StaticFile", "Redirect", "Subrouter", "Use", "NewRoute"}

// lastName returns the name of x or pkg.x, "" for other expressions.
func lastName(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.SelectorExpr:
		return e.Sel.Name
	case *ast.Ident:
		return e.Name
	}
	return ""
}

// composite looks at Server{Addr: …} literals.
func (s *fileScan) composite(cl *ast.CompositeLit) {
	typeName := lastName(cl.Type)
	for _, elt := range cl.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		key, ok := kv.Key.(*ast.Ident)
		if !ok || (key.Name != "Addr" && key.Name != "Address") {
			continue
		}
		if strings.Contains(typeName, "Server") {
			n := len(s.out.listens)
			s.addrs(kv.Value, "sets "+typeName+"."+key.Name, false)
			s.handledBy(n, s.serverHandler(cl))
		}
	}
}

// addrs records the ports of the listen addresses an expression can take.
// With wildcardOnly, only addresses on all interfaces count (an Addr field
// of an unknown struct may well be a client's).
func (s *fileScan) addrs(e ast.Expr, detail string, wildcardOnly bool) {
	res := s.values.eval(e, s.imports)
	if res.unknown {
		s.out.unknown = append(s.out.unknown, s.ev(FactPort, e.Pos(), detail+": "+unknownBudget))
	}
	defaults, whole := s.values.addrFlags(res)
	var off *OptionalListen
	gated := false // off judged
	for _, v := range res.vals {
		m := addrRE.FindStringSubmatch(v)
		if m == nil || len(defaults) > 0 && !slices.Contains(defaults, v) {
			continue // not an address, or not the default of the flag that sets it
		}
		if wildcardOnly && m[1] != "" && m[1] != "0.0.0.0" && m[1] != "[::]" {
			continue
		}
		n, err := strconv.Atoi(m[2])
		if err != nil || n < 1 || n > 65535 {
			continue
		}
		if !gated {
			off, gated = s.offByDefault(e.Pos()), true
		}
		ev := s.ev(FactPort, e.Pos(), fmt.Sprintf("%s on %q", detail, v))
		if off == nil {
			s.out.ports = append(s.out.ports, intFact{n, ev, s.fn})
		}
		s.out.listens = append(s.out.listens, listenFact{host: m[1], port: n, value: v, sources: res.srcs, whole: whole, ev: ev, fn: s.fn, off: off})
	}
}

// paths records the relative paths a call opens at run time.
func (s *fileScan) paths(c *ast.CallExpr, arg int, fname string) {
	for i, a := range c.Args {
		if arg >= 0 && i != arg {
			continue
		}
		res := s.values.eval(a, s.imports)
		if res.unknown {
			s.out.unknown = append(s.out.unknown, s.ev(FactRuntimeFS, a.Pos(), fname+" opens a path: "+unknownBudget))
		}
		for _, v := range res.vals {
			if v == "" || inHome(v) || strings.Contains(v, "://") {
				continue // absolute paths count when the file ships in the project (runtimeFile)
			}
			s.out.paths = append(s.out.paths, strFact{v, s.ev(FactRuntimeFS, a.Pos(), fmt.Sprintf("%s opens %q at run time", fname, v)), s.fn, s.dev > 0})
		}
	}
}
