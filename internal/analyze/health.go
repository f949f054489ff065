package analyze

import (
	"bytes"
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

// healthRoute records the health route a handler registration's first
// argument gives: a string literal that healthRE matches, or a
// concatenation ending in a health word (healthTailRE) whose values, traced
// by the evaluator, healthRE matches ("GET " + config.Webroot + "livez"
// with Webroot "/" gives /livez).
func (s *fileScan) healthRoute(arg ast.Expr) {
	if lit, ok := arg.(*ast.BasicLit); ok && lit.Kind == token.STRING {
		if v, err := strconv.Unquote(lit.Value); err == nil {
			if m := healthRE.FindStringSubmatch(v); m != nil {
				s.out.health = append(s.out.health, strFact{m[1], s.ev(FactHealth, lit.Pos(), fmt.Sprintf("registers health route %s", m[1])), s.fn, false})
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
		s.out.health = append(s.out.health, strFact{m[1], s.ev(FactHealth, arg.Pos(), fmt.Sprintf("registers health route %s (a concatenation traced to %q)", m[1], v)), s.fn, false})
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
	k := skipBlanks(rest, 0)
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
	return healthTailRE.Match(lit)
}
