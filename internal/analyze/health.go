package analyze

import (
	"fmt"
	"go/ast"
	"go/token"
	"regexp"
	"slices"
	"strconv"
)

// healthTailRE matches the last string of a route built by concatenation,
// config.Webroot + "livez": a health word, alone or after a slash.
var healthTailRE = regexp.MustCompile(`(?:^|/)(?:healthz|health|healthcheck|health-check|livez|livenessz?|readyz|readiness|ready|ping)/?$`)

// healthFact is a health route and the value whose handler registers it.
type healthFact struct {
	strFact
	// mux names the value the route is registered on: the receiver of
	// r.HandleFunc (a name in the function fn), defaultMux for
	// http.HandleFunc, "" when the call says neither.
	mux string
}

// defaultMux stands for net/http's DefaultServeMux: routes registered with
// http.Handle and http.HandleFunc, served by a server whose handler is nil.
const defaultMux = "http.DefaultServeMux"

// healthRoute records the health route a handler registration's first
// argument gives: a string literal that healthRE matches, or a
// concatenation ending in a health word (healthTailRE) whose values, traced
// by the evaluator, healthRE matches ("GET " + config.Webroot + "livez"
// with Webroot "/" gives /livez).
func (s *fileScan) healthRoute(c *ast.CallExpr) {
	arg := c.Args[0]
	mux := ""
	if p, _, ok := s.pkgSel(c.Fun); ok && p == "net/http" {
		mux = defaultMux
	} else if sel, ok := c.Fun.(*ast.SelectorExpr); ok {
		mux = identName(sel.X)
	}
	if lit, ok := arg.(*ast.BasicLit); ok && lit.Kind == token.STRING {
		if v, err := strconv.Unquote(lit.Value); err == nil {
			if m := healthRE.FindStringSubmatch(v); m != nil {
				s.out.health = append(s.out.health, healthFact{strFact{m[1], s.ev(FactHealth, lit.Pos(), fmt.Sprintf("registers health route %s", m[1])), s.fn, false}, mux})
			}
		}
		return
	}
	if s.values == nil || !healthConcat(arg) {
		return
	}
	var seen []string
	for _, v := range s.values.eval(arg, s.imports).vals {
		m := healthRE.FindStringSubmatch(v)
		if m == nil || slices.Contains(seen, m[1]) {
			continue
		}
		seen = append(seen, m[1])
		s.out.health = append(s.out.health, healthFact{strFact{m[1], s.ev(FactHealth, arg.Pos(), fmt.Sprintf("registers health route %s (a concatenation traced to %q)", m[1], v)), s.fn, false}, mux})
	}
}

// healthConcat reports whether e is a concatenation whose last operand is
// a string literal ending in a health word.
func healthConcat(e ast.Expr) bool {
	b, ok := e.(*ast.BinaryExpr)
	if !ok || b.Op != token.ADD {
		return false
	}
	lit, ok := b.Y.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return false
	}
	v, err := strconv.Unquote(lit.Value)
	return err == nil && healthTailRE.MatchString(v)
}

// healthTail reports whether rest, the bytes after a +, start with a
// string literal that healthTailRE matches: the end of a concatenation
// healthConcat looks at, for canHoldFact.
func healthTail(rest []byte) bool {
	return leadingLitMatches(rest, healthTailRE)
}

// identName is the name of an identifier, "" for other expressions (a
// call, a field: a value the scan cannot follow).
func identName(e ast.Expr) string {
	if id, ok := e.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

// handlerOf names a server's handler argument: defaultMux for nil.
func handlerOf(e ast.Expr) string {
	if id, ok := e.(*ast.Ident); ok && id.Name == "nil" {
		return defaultMux
	}
	return identName(e)
}

// handledBy sets the handler of the listens recorded from index n on.
func (s *fileScan) handledBy(n int, handler string) {
	for i := n; i < len(s.out.listens); i++ {
		s.out.listens[i].handler = handler
	}
}

// serverHandler names the handler of an http.Server literal: its Handler
// field, defaultMux without one; "" for other servers.
func (s *fileScan) serverHandler(cl *ast.CompositeLit) string {
	if p, name, ok := s.pkgSel(cl.Type); !ok || p != "net/http" || name != "Server" {
		return ""
	}
	for _, elt := range cl.Elts {
		if kv, ok := elt.(*ast.KeyValueExpr); ok && identName(kv.Key) == "Handler" {
			return handlerOf(kv.Value)
		}
	}
	return defaultMux
}

// callHandler names the handler of a listen call: the handler argument of
// http.ListenAndServe(addr, h) and http.ListenAndServeTLS(addr, cert, key,
// h), the receiver of r.Run(addr) and the like (a router that serves
// itself: gin, echo, fiber); "" for other calls.
func (s *fileScan) callHandler(c *ast.CallExpr, name string) string {
	if p, _, ok := s.pkgSel(c.Fun); ok {
		if at := map[string]int{"ListenAndServe": 1, "ListenAndServeTLS": 3}[name]; p == "net/http" && at > 0 && len(c.Args) > at {
			return handlerOf(c.Args[at])
		}
		return ""
	}
	if sel, ok := c.Fun.(*ast.SelectorExpr); ok && slices.Contains([]string{"Run", "RunTLS", "Start", "StartTLS", "Listen"}, name) {
		return identName(sel.X)
	}
	return ""
}

// describeHealthPort sets m.HealthPort: the port of the reached, default
// listen whose handler is the value the health route is registered on, in
// the same function (or both net/http's default mux). Several ports so
// linked, or none, leave it 0.
func describeHealthPort(m *Main, r *reach, facts []*pkgFacts) {
	var port int
	var ev Evidence
	for _, f := range facts {
		for _, h := range f.health {
			if h.s != m.HealthPath || h.mux == "" || !r.reached(h.fn) {
				continue
			}
			for _, g := range facts {
				for _, l := range g.listens {
					if l.off != nil || l.handler != h.mux || h.mux != defaultMux && l.fn != h.fn || !r.reached(l.fn) {
						continue
					}
					if port != 0 && port != l.port {
						return // two servers: the code does not say which
					}
					port = l.port
					ev = Evidence{Fact: FactHealth, Pos: l.ev.Pos, Detail: fmt.Sprintf("serves the health route %s (%s): the route is registered on %s, this server's handler, so the probe goes to port %d", m.HealthPath, h.ev.Pos, h.mux, l.port)}
				}
			}
		}
	}
	if port != 0 {
		m.HealthPort = port
		m.Evidence = append(m.Evidence, ev)
	}
}
