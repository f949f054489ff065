package analyze

import (
	"go/parser"
	"go/scanner"
	"go/token"
	"slices"
)

// tokenNeeds returns the need evidence of a dependency file as
// fileScan.needs finds it in the syntax tree, from the file's tokens
// instead: a qualified identifier pkg.Name is the tokens IDENT . IDENT
// where the first is not itself after a dot, and the evidence is placed at
// the first. Building the tree was most of the scan of a dependency. It
// reports ok false when the file names a tmpMethods method after a dot:
// that evidence is placed at the start of the receiver expression, which
// only the tree tells, so the caller parses the file.
func tokenNeeds(fset *token.FileSet, name string, src []byte, where func(string, token.Pos) string) (evs []Evidence, ok bool) {
	hdr, _ := parser.ParseFile(token.NewFileSet(), name, src, parser.ImportsOnly)
	if hdr == nil {
		return nil, false
	}
	imports := importNames(hdr)
	var sc scanner.Scanner
	sc.Init(fset.AddFile(name, -1, len(src)), src, nil, 0)
	// The two tokens before the current one, with their text and position.
	var prev [2]token.Token
	var prevLit [2]string
	var prevPos [2]token.Pos
	before := token.ILLEGAL // the token before prev[1]
	for {
		pos, tok, lit := sc.Scan()
		if tok == token.EOF {
			return evs, true
		}
		if tok == token.IDENT && prev[0] == token.PERIOD {
			if slices.Contains(tmpMethods, lit) {
				return nil, false
			}
			if p, ok := imports[prevLit[1]]; ok && prev[1] == token.IDENT && before != token.PERIOD {
				at := prevPos[1]
				evs = append(evs, ruleEvidence(p, lit, func() string { return where(name, at) })...)
			}
		}
		before = prev[1]
		prev[1], prevLit[1], prevPos[1] = prev[0], prevLit[0], prevPos[0]
		prev[0], prevLit[0], prevPos[0] = tok, lit, pos
	}
}
