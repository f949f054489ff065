package analyze

import (
	"fmt"
	"go/ast"
	"go/token"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// This file builds, for each of the project's packages, a small call graph
// (functions and the functions they name), the subcommands a command-line
// library dispatches to (cobra, urfave/cli, kong, a switch on os.Args), and
// the listen calls. describeMain joins them across the import closure to
// tell which listen calls a main can reach, and through which subcommand.

// Node keys of the call graph:
//   - "importpath.Func" for a function,
//   - "importpath.Type.Method" for a method, reached from "." + Method
//     (calls through a value do not say which type they call) or, when
//     the value's type is known (statictype.go), from the call itself,
//   - "importpath.<init>" for the package's init functions and package-level
//     declarations: always reached when the package is in the closure,
//   - "cmd:file:line" for the code a subcommand runs.
const initNode = "<init>"

// graph is one package's share of the call graph.
type graph struct {
	edges map[string][]string
	// seen holds the edges from the node cur already added: a function's
	// code is walked in one go, so an edge met again is mostly met there.
	// (When the walk comes back to a node, an edge may be listed twice,
	// which the reach walk does not mind.)
	cur      string
	seen     map[edgeKey]bool
	names    map[edgeKey]string // node names built so far, shared by the edges to them
	commands []command
	// added lists the names handed to AddCommand (a variable, or the
	// function whose call result is passed), across the package.
	added []string
	// roots are the nodes run whenever the package is linked in.
	roots []string
	// actions are the nodes of a root command's own action (urfave/cli's
	// App.Action): run when no subcommand is given, and only then.
	actions []string
	// methods are the nodes of the methods the package declares; typed
	// are the nodes of methods called through a value of known type
	// ("pkg.T.M"), resolved when the graphs are joined (joinedGraph.walk).
	methods []string
	typed   map[string]typedCall
	// results are the named result types of the package's functions, by
	// "importpath.F": what a call from another package returns.
	results map[string]typeRef
	pkgPath string
}

// typedCall is method m called through a value of type t.
type typedCall struct {
	t typeRef
	m string
}

func newGraph(pkgPath string) *graph {
	return &graph{edges: map[string][]string{}, seen: map[edgeKey]bool{}, names: map[edgeKey]string{}, roots: []string{pkgPath + "." + initNode}, typed: map[string]typedCall{}, pkgPath: pkgPath}
}

// typedEdge adds an edge from from to method m of type t.
func (g *graph) typedEdge(from string, t typeRef, m string) {
	if from == "" {
		return
	}
	name := t.name + "." + m
	g.edgeTo(from, t.pkg, name)
	if node := g.names[edgeKey{t.pkg, name}]; node != "" {
		g.typed[node] = typedCall{t, m}
	}
}

func (g *graph) edge(from, to string) {
	i := strings.LastIndexByte(to, '.') // every node name has one
	g.edgeTo(from, to[:i], to[i+1:])
}

// edgeKey is an edge from node cur to node pkg.name: kept apart, so that
// an edge already there is found without building the name of its node (a
// function names the same identifiers over and over).
type edgeKey struct{ pkg, name string }

// edgeTo adds an edge from from to the node pkg.name.
func (g *graph) edgeTo(from, pkg, name string) {
	if from == "" {
		return
	}
	if from != g.cur {
		g.cur = from
		clear(g.seen)
	}
	k := edgeKey{pkg, name}
	if g.seen[k] {
		return
	}
	g.seen[k] = true
	to, ok := g.names[k]
	if !ok {
		to = pkg + "." + name
		g.names[k] = to
	}
	if from == to {
		return
	}
	g.edges[from] = append(g.edges[from], to)
}

// command is a subcommand (or a root command) found in the code.
type command struct {
	name string // the word on the command line: "serve"
	node string // the graph node of the code it runs
	lib  string // "cobra", "urfave/cli", "kong", "os.Args"
	// sub reports a command that is surely a subcommand (urfave/cli's
	// Commands, kong's cmd tags, a case of a switch on os.Args); cobra
	// commands are subcommands when handed to AddCommand.
	sub bool
	// holders are the variable the literal is stored in and the function
	// that builds it, matched against AddCommand arguments.
	holders []string
	ev      Evidence
}

// listenFact is a listen address the code uses.
type listenFact struct {
	host    string // "" for all interfaces
	port    int
	value   string   // the address as traced ("127.0.0.1:8080")
	sources []setter // env vars and flags that can set it
	whole   []string // the flags among sources whose default is a whole address
	ev      Evidence
	fn      string
	// off, when set, says the listen is off by default (Listen unset):
	// the address is reported as optional, not listened on.
	off *OptionalListen
	// handler names the value that handles the server's requests (see
	// healthFact.mux), "" when the code does not say.
	handler string
}

// serveFact is a call that accepts connections, whatever its address.
type serveFact struct {
	ev Evidence
	fn string
}

// serveNames are calls that accept connections whatever their arguments
// trace to: a main that reaches one serves.
var serveNames = []string{"ListenAndServe", "ListenAndServeTLS", "Listen", "ListenTCP", "ListenUnix", "ListenPacket", "Serve", "ServeTLS", "RunTLS"}

// runNames are the entry fields of command literals: cobra's Run and RunE,
// urfave/cli's Action.
var runNames = []string{"Run", "RunE", "Action"}

// enterFunc walks a function declaration as its own graph node.
func (s *fileScan) enterFunc(fd *ast.FuncDecl) {
	name := fd.Name.Name
	node := s.pkgPath + "." + name
	if fd.Recv != nil && len(fd.Recv.List) > 0 {
		node = s.pkgPath + "." + recvType(fd.Recv.List[0].Type) + "." + name
		s.graph.edge("."+name, node)
		s.graph.methods = append(s.graph.methods, node)
	} else if name == "init" {
		node = s.pkgPath + "." + initNode
	}
	s.fn, s.fnName = node, name
	s.walk(fd)
}

// recvType returns the type name of a receiver: T for T, *T, T[P].
func recvType(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.StarExpr:
		return recvType(e.X)
	case *ast.IndexExpr:
		return recvType(e.X)
	case *ast.IndexListExpr:
		return recvType(e.X)
	case *ast.Ident:
		return e.Name
	}
	return ""
}

// walk visits n with the current node, recording edges, commands and the
// local facts.
func (s *fileScan) walk(n ast.Node) {
	ast.Inspect(n, s.visit)
}

// visit records what one node of the walk adds to the graph and the facts.
// It reports whether the walk goes on into the node's children; it returns
// false for nodes it has walked itself.
func (s *fileScan) visit(n ast.Node) bool {
	if s.dead[n] {
		return false
	}
	for _, d := range linuxDead(n, s.imports) {
		s.dead[d] = true
	}
	switch n := n.(type) {
	case *ast.Ident:
		s.graph.edgeTo(s.fn, s.pkgPath, n.Name)
	case *ast.SelectorExpr:
		s.selector(n)
		return false
	case *ast.CallExpr:
		s.call(n)
		s.addCommandCall(n)
	case *ast.AssignStmt:
		return s.assign(n)
	case *ast.ValueSpec:
		s.valueSpec(n)
	case *ast.Field:
		s.kongCommand(n)
	case *ast.KeyValueExpr:
		s.configTableAddr(n)
	case *ast.SwitchStmt:
		return !s.argsSwitch(n)
	case *ast.IfStmt:
		return !s.devIf(n)
	case *ast.CompositeLit:
		s.composite(n)
		return !s.commandLiteral(n)
	case *ast.CaseClause:
		for _, e := range n.List {
			s.driverName(e)
		}
	case *ast.BinaryExpr:
		if n.Op == token.EQL || n.Op == token.NEQ {
			s.driverName(n.X)
			s.driverName(n.Y)
		}
	}
	return true
}

// selector records the edge of pkg.Name or x.Name; for x.Name it walks x.
func (s *fileScan) selector(n *ast.SelectorExpr) {
	if p, name, ok := s.pkgSel(n); ok {
		s.graph.edgeTo(s.fn, p, name)
		s.clientSel(p, name, n)
		return
	}
	if t, ok := s.recv[n]; ok {
		s.graph.typedEdge(s.fn, t, n.Sel.Name)
	} else {
		s.graph.edgeTo(s.fn, "", n.Sel.Name)
	}
	s.walk(n.X)
}

// addCommandCall records the commands handed to AddCommand(serveCmd),
// AddCommand(newServeCmd()), AddSubcommand(&cli.Command{…}): the names
// matched against the holders of command literals, and the literals given
// in place as subcommands.
func (s *fileScan) addCommandCall(n *ast.CallExpr) {
	if name := lastName(n.Fun); !strings.HasPrefix(name, "Add") || !strings.Contains(name, "ommand") {
		return
	}
	for _, a := range n.Args {
		switch a := a.(type) {
		case *ast.CallExpr:
			s.graph.added = append(s.graph.added, lastName(a.Fun))
		default:
			if cl := litOf(a); cl != nil {
				s.subLits[cl] = true
			}
			s.graph.added = append(s.graph.added, lastName(a))
		}
	}
}

// assign records what an assignment says: the holders of the literals it
// stores, the subcommand lists (app.Commands = []*cli.Command{…}) and the
// server addresses (srv.Addr = …). It reports whether the walk goes on into
// the assignment (false when rootAction walked it).
func (s *fileScan) assign(n *ast.AssignStmt) bool {
	if s.rootAction(n) {
		return false
	}
	if len(n.Rhs) != len(n.Lhs) {
		return true
	}
	for i, lhs := range n.Lhs {
		if cl := litOf(n.Rhs[i]); cl != nil {
			s.holders[cl] = assignedName(lhs)
			if name := assignedName(lhs); name == "Commands" || name == "Subcommands" {
				s.markSubcommands(cl) // app.Commands = []*cli.Command{…}
			}
		}
		if sel, ok := lhs.(*ast.SelectorExpr); ok && sel.Sel.Name == "Addr" && !s.values.overridden("Addr", n.Rhs[i]) {
			s.addrs(n.Rhs[i], "sets a server address", true)
		}
	}
	return true
}

// valueSpec records the variables that hold literals: var serveCmd = &cobra.Command{…}.
func (s *fileScan) valueSpec(n *ast.ValueSpec) {
	for i, name := range n.Names {
		if i < len(n.Values) {
			if cl := litOf(n.Values[i]); cl != nil {
				s.holders[cl] = name.Name
			}
		}
	}
}

// devIf walks an if statement whose condition says development mode, its
// body counted as development code. It reports whether it walked the
// statement.
func (s *fileScan) devIf(n *ast.IfStmt) bool {
	if !isDevCondition(n.Cond) {
		return false
	}
	if n.Init != nil {
		s.walk(n.Init)
	}
	s.walk(n.Cond)
	s.dev++
	s.walk(n.Body)
	s.dev--
	if n.Else != nil {
		s.walk(n.Else)
	}
	return true
}

// rootAction handles app.Action = … in a file that imports urfave/cli:
// the action becomes a node of its own, run only when no subcommand is
// given. It reports whether it walked the assignment.
func (s *fileScan) rootAction(n *ast.AssignStmt) bool {
	if len(n.Lhs) != 1 || len(n.Rhs) != 1 || assignedName(n.Lhs[0]) != "Action" || !s.importsUrfave() {
		return false
	}
	s.walkAction(n.Rhs[0], n.Pos())
	s.walk(n.Lhs[0])
	return true
}

// importsUrfave reports whether the file imports urfave/cli or a fork of
// it (github.com/schollz/cli/v2): a package cli, major version or not.
func (s *fileScan) importsUrfave() bool {
	for _, p := range s.imports {
		if path.Base(p) == "cli" || majorRE.MatchString(path.Base(p)) && path.Base(path.Dir(p)) == "cli" {
			return true
		}
	}
	return false
}

// majorRE matches a major version suffix of an import path.
var majorRE = regexp.MustCompile(`^v[0-9]+$`)

// walkAction walks a root command's action as a node of its own.
func (s *fileScan) walkAction(e ast.Expr, pos token.Pos) {
	node := "act:" + s.where(s.file, pos)
	s.graph.actions = append(s.graph.actions, node)
	outer := s.fn
	s.fn = node
	s.walk(e)
	s.fn = outer
}

// litOf returns the composite literal of x or &x.
func litOf(e ast.Expr) *ast.CompositeLit {
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = u.X
	}
	cl, _ := e.(*ast.CompositeLit)
	return cl
}

// commandLiteral handles a cobra or urfave/cli command literal: its run
// function becomes a node of its own. It reports whether it walked the
// literal.
func (s *fileScan) commandLiteral(cl *ast.CompositeLit) bool {
	var name, lib string
	var run ast.Expr
	hasCommands := false
	typ := lastName(cl.Type)
	for _, elt := range cl.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		key, _ := kv.Key.(*ast.Ident)
		if key == nil {
			continue
		}
		switch key.Name {
		case "Use":
			name, lib = strings.Fields(stringLit(kv.Value) + " ?")[0], "cobra"
		case "Name":
			if lib == "" {
				name, lib = stringLit(kv.Value), "urfave/cli"
			}
		case "Commands", "Subcommands":
			s.markSubcommands(kv.Value)
			hasCommands = true
		}
		if slices.Contains(runNames, key.Name) {
			run = kv.Value
		}
	}
	if s.appLiteral(cl, typ, lib, run) {
		return true
	}
	if run == nil || name == "" || name == "?" || typ != "Command" && !s.subLits[cl] {
		return false
	}
	pos := s.where(s.file, cl.Pos())
	c := command{
		name: name,
		node: "cmd:" + pos,
		lib:  lib,
		// urfave/cli's root is an App (v2) or a Command with Commands
		// (v3); any other urfave/cli Command is a subcommand.
		sub:     s.subLits[cl] || lib == "urfave/cli" && !hasCommands,
		holders: []string{s.holders[cl], s.fnName},
		ev:      Evidence{Fact: FactCommand, Pos: pos, Detail: fmt.Sprintf("%s command %q", lib, name)},
	}
	s.graph.commands = append(s.graph.commands, c)
	outer := s.fn
	for _, elt := range cl.Elts {
		if kv, ok := elt.(*ast.KeyValueExpr); ok && kv.Value == run {
			s.fn = c.node
			s.walk(kv.Value)
			s.fn = outer
			continue
		}
		s.walk(elt)
	}
	return true
}

// appLiteral walks a urfave/cli App literal with an action, the action as
// a node of its own, and reports whether cl was one.
func (s *fileScan) appLiteral(cl *ast.CompositeLit, typ, lib string, run ast.Expr) bool {
	if typ != "App" || lib != "urfave/cli" || run == nil || !s.importsUrfave() {
		return false
	}
	for _, elt := range cl.Elts {
		if kv, ok := elt.(*ast.KeyValueExpr); ok && kv.Value == run {
			s.walkAction(run, kv.Pos())
			continue
		}
		s.walk(elt)
	}
	return true
}

// kongCommand records a kong subcommand: a struct field tagged cmd:"", run
// by the Run method of the field's type.
func (s *fileScan) kongCommand(f *ast.Field) {
	tag, ok := fieldTag(f)
	if !ok {
		return
	}
	if _, ok := tag.Lookup("cmd"); !ok {
		return
	}
	name := tag.Get("name")
	if name == "" {
		name = kebab(f.Names[0].Name)
	}
	typ := f.Type
	if st, ok := typ.(*ast.StarExpr); ok {
		typ = st.X
	}
	node := s.pkgPath + "." + lastName(typ) + ".Run"
	if p, tname, ok := s.pkgSel(typ); ok {
		node = p + "." + tname + ".Run"
	}
	pos := s.where(s.file, f.Pos())
	s.graph.commands = append(s.graph.commands, command{
		name: name, node: node, lib: "kong", sub: true,
		ev: Evidence{Fact: FactCommand, Pos: pos, Detail: fmt.Sprintf("kong command %q", name)},
	})
}

// kebab turns a Go field name into kong's command name: ServeHTTP → serve-http.
func kebab(name string) string {
	var b strings.Builder
	rs := []rune(name)
	for i, r := range rs {
		if unicode.IsUpper(r) {
			if i > 0 && (unicode.IsLower(rs[i-1]) || i+1 < len(rs) && unicode.IsLower(rs[i+1])) {
				b.WriteByte('-')
			}
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// argsSwitch handles switch os.Args[1] { case "serve": … }: each case with
// string literals becomes a subcommand node. It reports whether it walked
// the switch.
func (s *fileScan) argsSwitch(sw *ast.SwitchStmt) bool {
	if sw.Tag == nil || !s.isArg(sw.Tag, 0) {
		return false
	}
	if sw.Init != nil {
		s.walk(sw.Init)
	}
	s.walk(sw.Tag)
	outer := s.fn
	for _, st := range sw.Body.List {
		cc := st.(*ast.CaseClause)
		var names []string
		for _, e := range cc.List {
			if v := stringLit(e); v != "" && !strings.HasPrefix(v, "-") {
				names = append(names, v)
			}
		}
		if len(names) == 0 {
			for _, b := range cc.Body {
				s.walk(b)
			}
			continue
		}
		pos := s.where(s.file, cc.Pos())
		node := "cmd:" + pos
		s.graph.commands = append(s.graph.commands, command{
			name: names[0], node: node, lib: "os.Args", sub: true,
			ev: Evidence{Fact: FactCommand, Pos: pos, Detail: fmt.Sprintf("case %q of a switch on the command line", names[0])},
		})
		s.fn = node
		for _, b := range cc.Body {
			s.walk(b)
		}
		s.fn = outer
	}
	return true
}

// isArg reports whether e is the first command-line argument: os.Args[1],
// flag.Arg(0), args[0] of a Args() slice, or a variable holding one.
func (s *fileScan) isArg(e ast.Expr, depth int) bool {
	if depth > 2 {
		return false
	}
	switch e := e.(type) {
	case *ast.IndexExpr:
		lit, ok := e.Index.(*ast.BasicLit)
		if !ok {
			return false
		}
		if p, name, ok := s.pkgSel(e.X); ok {
			return p == "os" && name == "Args" && lit.Value == "1"
		}
		if c, ok := e.X.(*ast.CallExpr); ok {
			return lastName(c.Fun) == "Args" && lit.Value == "0"
		}
		return lit.Value == "0" && s.isArgs(e.X, 0)
	case *ast.CallExpr:
		p, name, ok := s.pkgSel(e.Fun)
		return ok && p == "flag" && name == "Arg"
	case *ast.Ident:
		for _, v := range s.values.assignedTo(e.Name) {
			if s.isArg(v.expr, depth+1) {
				return true
			}
		}
	}
	return false
}

// isArgs reports whether e is the command-line arguments after the
// program's name: os.Args[1:], or a variable or parameter holding them
// (run(ctx, os.Args[1:]) … cmd := args[0]).
func (s *fileScan) isArgs(e ast.Expr, depth int) bool {
	if depth > 2 {
		return false
	}
	switch e := e.(type) {
	case *ast.SliceExpr:
		p, name, ok := s.pkgSel(e.X)
		lit, isLit := e.Low.(*ast.BasicLit)
		return ok && p == "os" && name == "Args" && isLit && lit.Value == "1"
	case *ast.Ident:
		for _, v := range s.values.assignedTo(e.Name) {
			if s.isArgs(v.expr, depth+1) {
				return true
			}
		}
		for _, a := range s.values.paramArgs(e.Name) {
			if s.isArgs(a, depth+1) {
				return true
			}
		}
	}
	return false
}

// ginDefault reports whether e is a gin engine: gin.Default(), gin.New(),
// or a variable assigned one.
func (s *fileScan) ginDefault(e ast.Expr, depth int) bool {
	if depth > 2 {
		return false
	}
	switch e := e.(type) {
	case *ast.CallExpr:
		p, name, ok := s.pkgSel(e.Fun)
		return ok && p == "github.com/gin-gonic/gin" && (name == "Default" || name == "New")
	case *ast.Ident:
		for _, v := range s.values.assignedTo(e.Name) {
			if s.ginDefault(v.expr, depth+1) {
				return true
			}
		}
	case *ast.SelectorExpr:
		for _, v := range s.values.assignedTo(e.Sel.Name) {
			if s.ginDefault(v.expr, depth+1) {
				return true
			}
		}
	}
	return false
}

// listenCall records what a call that may accept connections tells: a
// serve fact for the calls of serveNames, and the listen addresses of its
// arguments. gin's Run() without an address listens on $PORT, else :8080.
func (s *fileScan) listenCall(c *ast.CallExpr, name string) {
	for _, n := range serveNames {
		if name == n {
			s.out.serves = append(s.out.serves, serveFact{s.ev(FactListen, c.Pos(), "calls "+name), s.fn})
		}
	}
	if sel, ok := c.Fun.(*ast.SelectorExpr); ok && name == "Run" && len(c.Args) == 0 && s.ginDefault(sel.X, 0) {
		ev := s.ev(FactPort, c.Pos(), `gin's Run() listens on ":8080" (or on $PORT when it is set)`)
		s.out.ports = append(s.out.ports, intFact{8080, ev, s.fn})
		s.out.listens = append(s.out.listens, listenFact{port: 8080, value: ":8080", sources: []setter{{"env", "PORT"}}, ev: ev, fn: s.fn})
		s.out.serves = append(s.out.serves, serveFact{ev, s.fn})
		return
	}
	n := len(s.out.listens)
	for _, arg := range c.Args {
		s.addrs(arg, "listens with "+name, false)
	}
	s.handledBy(n, s.callHandler(c, name))
}

// loopbackHosts bind only inside the container.
var loopbackHosts = []string{"127.0.0.1", "localhost", "[::1]", "::1"}

// IsLoopback reports whether a listen host accepts connections from its own
// machine only.
func IsLoopback(host string) bool {
	for _, h := range loopbackHosts {
		if host == h {
			return true
		}
	}
	return strings.HasPrefix(host, "127.")
}

// reach is what a main reaches: the graph nodes run without a subcommand,
// and the subcommand that serves, if serving needs one.
type reach struct {
	root    nodeSet
	command *command  // the serving subcommand, nil when none is needed or none serves
	others  []command // further subcommands that serve
	sub     nodeSet   // nodes reached through command
	action  nodeSet   // nodes reached through the root's own action, run without a subcommand only
	cmds    []command // every subcommand, to tell reached facts
	byCmd   []nodeSet // nodes reached through cmds[i]
}

// servingCommands are subcommand names that usually start a server, in the
// order they are preferred when several serve.
var servingCommands = []string{"serve", "server", "start", "run", "daemon", "web", "api", "http", "relay", "agent", "up"}

// reachOf walks the graphs of a main's closure, joined once for all mains
// in j, from its main function and every init.
func reachOf(j *joinedGraph, mainPath string, facts []*pkgFacts) reach {
	var cmds []command
	var added, actions []string
	roots := []string{mainPath + ".main"}
	in := j.closure(facts)
	for _, f := range facts {
		if f.graph == nil {
			continue
		}
		cmds = append(cmds, f.graph.commands...)
		added = append(added, f.graph.added...)
		roots = append(roots, f.graph.roots...)
		actions = append(actions, f.graph.actions...)
	}
	var subs []command
	var entry []string
	for _, c := range cmds {
		if !c.sub {
			for _, h := range c.holders {
				if h != "" && slices.Contains(added, h) {
					c.sub = true
				}
			}
		}
		if c.sub {
			subs = append(subs, c)
			entry = append(entry, c.node)
		} else {
			roots = append(roots, c.node)
		}
	}
	entry = append(entry, actions...)
	walk := func(from []string) nodeSet {
		return j.walk(from, in, entry)
	}
	r := reach{root: walk(roots), action: walk(actions), cmds: subs}
	for _, c := range subs {
		r.byCmd = append(r.byCmd, walk([]string{c.node}))
	}
	return r
}

// reached reports whether code in node fn runs, with the serving
// subcommand when there is one.
func (r *reach) reached(fn string) bool {
	if r.command != nil {
		return fn == "" || r.root.has(fn) || r.sub.has(fn)
	}
	return fn == "" || r.root.has(fn) || r.action.has(fn)
}

// chooseCommand picks the subcommand that serves: among the subcommands
// that reach a serve call, those that listen on loopback only by default
// last (started with no more arguments in a container, nothing outside it
// reaches them: croc's serve binds 127.0.0.1:9014, its relay :9009), then
// the first in servingCommands order. When the main reaches one without a
// subcommand, only a subcommand named like a server (serve, start, …) is
// chosen: a method reached by name may well be another type's. Otherwise
// the first serving subcommand found.
func (r *reach) chooseCommand(serves []serveFact, listens []listenFact) {
	rootServes := false
	for _, s := range serves {
		rootServes = rootServes || s.fn == "" || r.root.has(s.fn) || r.action.has(s.fn)
	}
	var serving []int
	for i := range r.cmds {
		for _, s := range serves {
			if r.byCmd[i].has(s.fn) {
				serving = append(serving, i)
				break
			}
		}
	}
	if len(serving) == 0 {
		return
	}
	rank := func(i int) int {
		if k := slices.Index(servingCommands, r.cmds[i].name); k >= 0 {
			return k
		}
		return len(servingCommands)
	}
	inside := func(i int) bool { return loopbackOnly(r.byCmd[i], listens) }
	best := serving[0]
	for _, i := range serving[1:] {
		if inside(i) != inside(best) {
			if inside(best) {
				best = i
			}
			continue
		}
		if rank(i) < rank(best) {
			best = i
		}
	}
	if rootServes && rank(best) == len(servingCommands) {
		return
	}
	r.command = &r.cmds[best]
	r.sub = r.byCmd[best]
	for _, i := range serving {
		if i != best {
			r.others = append(r.others, r.cmds[i])
		}
	}
}

// loopbackOnly reports whether the listen addresses reached in set are all
// on loopback, and there is one.
func loopbackOnly(set nodeSet, listens []listenFact) bool {
	found := false
	for _, l := range listens {
		if l.fn != "" && !set.has(l.fn) {
			continue
		}
		if !IsLoopback(l.host) {
			return false
		}
		found = true
	}
	return found
}

// describeServing sets whether and how a main serves: the subcommand, the
// listen addresses and where they come from.
func (a *analyzer) describeServing(m *Main, r *reach, facts []*pkgFacts, serves []serveFact) {
	if reachesServe(r, serves) {
		m.Serves = true
	}
	describeCommand(m, r)
	seen := map[string]bool{}
	describeListens(m, r, facts, seen)
	describeDataDirs(m, r, facts)
	describeDatabases(m, r, facts)
	if len(m.Listen) == 0 && m.Serves {
		// No listen call traced to an address: fall back on the defaults
		// of a configuration table ("LISTEN_ADDR": {… "127.0.0.1:8080"}).
		describeTableAddrs(m, r, facts, seen)
	}
	if m.Listen == nil {
		m.Listen = []Listen{}
	}
	if m.Command == nil {
		m.Command = []string{}
	}
}

// reachesServe reports whether the main reaches a call that accepts
// connections.
func reachesServe(r *reach, serves []serveFact) bool {
	for _, s := range serves {
		if r.reached(s.fn) {
			return true
		}
	}
	return false
}

// describeCommand sets the subcommand the listen call is reached through,
// the other commands that reach it, and the evidence that says so.
func describeCommand(m *Main, r *reach) {
	if r.command == nil {
		return
	}
	m.Command = []string{r.command.name}
	detail := fmt.Sprintf("%s: the listen call is reached through this subcommand only", r.command.ev.Detail)
	for _, o := range r.others {
		// Nested commands of different parents may share a name
		// ("creds list", "imap-acct list"): the name is listed once.
		if o.name != r.command.name && !slices.Contains(m.OtherCommands, o.name) {
			m.OtherCommands = append(m.OtherCommands, o.name)
		}
	}
	if len(m.OtherCommands) > 0 {
		detail += fmt.Sprintf(" (also from %s)", strings.Join(m.OtherCommands, ", "))
	}
	m.Evidence = append(m.Evidence, Evidence{Fact: FactCommand, Pos: r.command.ev.Pos, Detail: detail})
}

// describeListens adds the listen addresses the main reaches, once per
// address and position (recorded in seen), with the env vars and flags that
// set them, and evidence for those on loopback.
func describeListens(m *Main, r *reach, facts []*pkgFacts, seen map[string]bool) {
	var off []OptionalListen
	defer func() { describeOptional(m, off) }()
	for _, f := range facts {
		for _, l := range f.listens {
			key := l.value + " " + l.ev.Pos
			if !r.reached(l.fn) || seen[key] {
				continue
			}
			seen[key] = true
			ln := listenOf(l)
			if l.off != nil {
				off = append(off, *l.off)
				off[len(off)-1].Listen = ln
				continue
			}
			m.Listen = append(m.Listen, ln)
			if IsLoopback(l.host) {
				m.Evidence = append(m.Evidence, Evidence{Fact: FactListen, Pos: l.ev.Pos, Detail: fmt.Sprintf("listens on %s by default: reachable from inside the container only%s", l.value, setBy(ln))})
			}
		}
	}
}

// describeOptional adds the listens that are off by default, once per
// address, with their evidence; not those whose port a listen that is on
// by default takes anyway (a TLS listener of the same server).
func describeOptional(m *Main, off []OptionalListen) {
	for _, o := range off {
		if slices.ContainsFunc(m.Listen, func(l Listen) bool { return l.Port == o.Port }) ||
			slices.ContainsFunc(m.Optional, func(have OptionalListen) bool { return have.Address == o.Address }) {
			continue
		}
		m.Optional = append(m.Optional, o)
		m.Evidence = append(m.Evidence, Evidence{Fact: FactOptional, Pos: o.ConditionPos, Detail: o.Off()})
	}
}

// offByDefault returns the optional listen a listen address at pos makes
// when a condition keeps it off by default (gate.go), nil otherwise.
func (s *fileScan) offByDefault(pos token.Pos) *OptionalListen {
	g := s.values.offByDefault(pos)
	if g == nil {
		return nil
	}
	o := &OptionalListen{Condition: g.cond, ConditionPos: s.where(s.file, g.pos), EarlyReturn: g.early, Why: g.why, EnabledBy: []string{}}
	for _, src := range g.setters {
		by := "$" + src.name
		if src.kind == "flag" {
			by = "--" + strings.TrimLeft(src.name, "-")
		}
		if src.name != "" && !slices.Contains(o.EnabledBy, by) {
			o.EnabledBy = append(o.EnabledBy, by)
		}
	}
	return o
}

// listenOf is the Listen a traced listen address reports: its sources split
// into env vars and flags (without their dashes).
func listenOf(l listenFact) Listen {
	ln := Listen{Address: l.value, Host: l.host, Port: l.port, Pos: l.ev.Pos, AddrFlags: l.whole}
	ln.Env, ln.Flags = setterNames(l.sources)
	return ln
}

// setterNames splits setters into the names of the environment variables
// and of the flags (without their dashes), in order.
func setterNames(srcs []setter) (env, flags []string) {
	for _, src := range srcs {
		if src.kind == "env" {
			env = append(env, src.name)
		} else {
			flags = append(flags, strings.TrimLeft(src.name, "-"))
		}
	}
	return env, flags
}

// describeDataDirs adds the data directories the main reaches, once each,
// with their evidence; none is an empty list, not nil.
func describeDataDirs(m *Main, r *reach, facts []*pkgFacts) {
	seenDir := map[string]bool{}
	for _, f := range facts {
		for _, d := range f.dataDirs {
			if !r.reached(d.fn) || seenDir[d.s] {
				continue
			}
			seenDir[d.s] = true
			m.DataDirs = append(m.DataDirs, DataDir{Path: d.s, Pos: d.ev.Pos})
			m.Evidence = append(m.Evidence, d.ev)
		}
	}
	if m.DataDirs == nil {
		m.DataDirs = []DataDir{}
	}
}

// describeTableAddrs adds the listen defaults of configuration tables the
// main reaches, once per address (recorded in seen), with their ports and
// evidence.
func describeTableAddrs(m *Main, r *reach, facts []*pkgFacts, seen map[string]bool) {
	for _, f := range facts {
		for _, l := range f.tableAddrs {
			if !r.reached(l.fn) || seen[l.value] {
				continue
			}
			seen[l.value] = true
			m.Listen = append(m.Listen, Listen{Address: l.value, Host: l.host, Port: l.port, Env: []string{l.sources[0].name}, Pos: l.ev.Pos})
			if !slices.Contains(m.Ports, l.port) {
				m.Ports = append(m.Ports, l.port)
			}
			m.Evidence = append(m.Evidence, l.ev)
			if IsLoopback(l.host) {
				m.Evidence = append(m.Evidence, Evidence{Fact: FactListen, Pos: l.ev.Pos, Detail: fmt.Sprintf("listens on %s by default: reachable from inside the container only; set by $%s", l.value, l.sources[0].name)})
			}
		}
	}
}

// setBy says which env vars and flags set a listen address.
func setBy(l Listen) string {
	if by := l.SetBy(); len(by) > 0 {
		return "; set by " + strings.Join(by, ", ")
	}
	return "; nothing on the command line or in the environment changes it"
}

// SetBy lists what sets the address: "$PORT", "--addr".
func (l Listen) SetBy() []string {
	var by []string
	for _, e := range l.Env {
		by = append(by, "$"+e)
	}
	for _, f := range l.Flags {
		by = append(by, "--"+f)
	}
	return by
}

// Off says in a line why the listen is off by default and what turns it on.
func (o OptionalListen) Off() string {
	how := "inside if " + o.Condition
	if o.EarlyReturn {
		how = "after a return when " + o.Condition
	}
	on := "; nothing on the command line or in the environment turns it on"
	if len(o.EnabledBy) > 0 {
		on = "; turned on through " + strings.Join(o.EnabledBy, ", ")
	}
	return fmt.Sprintf("the listen on %s (%s) is off by default: it runs %s (%s), and %s%s", o.Address, o.Pos, how, o.ConditionPos, o.Why, on)
}

// configTableAddr records the default of a listen setting in a table keyed
// by environment variable names: "LISTEN_ADDR": {raw: "127.0.0.1:8080"},
// "PORT": "8080".
func (s *fileScan) configTableAddr(kv *ast.KeyValueExpr) {
	key := stringLit(kv.Key)
	if key == "" || !envNameRE.MatchString(key) {
		return
	}
	var value string
	ast.Inspect(kv.Value, func(n ast.Node) bool {
		if value != "" {
			return false
		}
		v := stringLit(asExpr(n))
		if addrRE.MatchString(v) {
			value = v
		} else if strings.Contains(key, "PORT") && v != "" && strings.Trim(v, "0123456789") == "" {
			value = ":" + v
		}
		return true
	})
	m := addrRE.FindStringSubmatch(value)
	if m == nil {
		return
	}
	n, err := strconv.Atoi(m[2])
	if err != nil || n < 1 || n > 65535 {
		return
	}
	ev := s.ev(FactPort, kv.Pos(), fmt.Sprintf("default of %s in a configuration table: %q", key, value))
	s.out.tableAddrs = append(s.out.tableAddrs, listenFact{host: m[1], port: n, value: value, sources: []setter{{"env", key}}, ev: ev, fn: s.fn})
}

// markSubcommands marks the command literals listed in e as subcommands.
func (s *fileScan) markSubcommands(e ast.Expr) {
	ast.Inspect(e, func(n ast.Node) bool {
		if c, ok := n.(*ast.CompositeLit); ok && c != e {
			s.subLits[c] = true
			return false
		}
		return true
	})
}
