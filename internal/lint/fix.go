package lint

import (
	"encoding/json"
	"fmt"
	"github.com/dockgen/dockgen/internal/dockerfile"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

// edit replaces old at byte col of line (1-based) with new. An edit with
// an empty old inserts; one whose old is the whole line, newline included,
// deletes the line.
type edit struct {
	line int
	col  int
	old  string
	new  string
}

// Fix lints data and rewrites the findings that can be fixed mechanically.
// It returns the new text and how many findings it fixed. It runs again on
// its own output, since one fix can reveal another (FROM's casing, then
// AS's), until nothing more can be fixed.
func Fix(name string, data []byte, opts Options) ([]byte, int, error) {
	total := 0
	for range 5 {
		findings, err := Lint(name, data, opts)
		if err != nil {
			if total > 0 {
				return nil, 0, fmt.Errorf("%w (after fixing; this is a bug in dockgen lint --fix)", err)
			}
			return nil, 0, err
		}
		out, n := apply(data, findings)
		if n == 0 {
			break
		}
		data, total = out, total+n
	}
	return data, total, nil
}

// apply applies the edits of the fixable findings; a finding whose edits
// overlap with an earlier one's waits for the next round.
func apply(data []byte, findings []Finding) ([]byte, int) {
	lines := strings.SplitAfter(string(data), "\n")
	type span struct{ line, from, to int }
	var taken []span
	var accepted []edit
	n := 0
	overlaps := func(e edit) bool {
		for _, t := range taken {
			if t.line == e.line && e.col < t.to+1 && t.from < e.col+len(e.old)+1 {
				return true
			}
		}
		return false
	}
	for _, f := range findings {
		if !f.Fixable {
			continue
		}
		ok := true
		for _, e := range f.edits {
			if e.line < 1 || e.line > len(lines) || e.col+len(e.old) > len(lines[e.line-1]) || lines[e.line-1][e.col:e.col+len(e.old)] != e.old {
				ok = false
			}
			if slices.Contains(accepted, e) {
				continue // the same edit, asked for by two rules
			}
			if overlaps(e) {
				ok = false
			}
		}
		if !ok {
			continue
		}
		for _, e := range f.edits {
			if !slices.Contains(accepted, e) {
				accepted = append(accepted, e)
				taken = append(taken, span{e.line, e.col, e.col + len(e.old)})
			}
		}
		n++
	}
	// Apply right to left, bottom to top, so offsets stay valid.
	slices.SortFunc(accepted, func(a, b edit) int {
		if a.line != b.line {
			return b.line - a.line
		}
		return b.col - a.col
	})
	for _, e := range accepted {
		l := lines[e.line-1]
		lines[e.line-1] = l[:e.col] + e.new + l[e.col+len(e.old):]
	}
	return []byte(strings.Join(lines, "")), n
}

// node returns the instruction that starts at line.
func (d *doc) node(line int) *parser.Node {
	for _, n := range d.res.AST.Children {
		if n.StartLine == line {
			return n
		}
	}
	return nil
}

// token is a word of a source line and where it starts.
type token struct {
	text string
	col  int
}

// tokens splits a line into words at any Unicode space, as BuildKit's
// parser does (a regexp's \S would keep a vertical tab inside a word).
func tokens(line string) []token {
	var out []token
	start := -1
	for i, r := range line {
		switch space := unicode.IsSpace(r); {
		case space && start >= 0:
			out = append(out, token{line[start:i], start})
			start = -1
		case !space && start < 0:
			start = i
		}
	}
	if start >= 0 {
		out = append(out, token{line[start:], start})
	}
	return out
}

// site is where a finding is, for its rule's fix: the line, its words, and
// the instruction that starts there (nil for none).
type site struct {
	line int
	text string
	toks []token
	node *parser.Node
}

// one is the edit that replaces old at col of the site's line.
func (s site) one(col int, old, new string) []edit {
	return []edit{{line: s.line, col: col, old: old, new: new}}
}

// fixer returns the edits that fix a finding of its rule at a site, nil
// when the instruction is too complex to rewrite safely. Each fixable rule
// carries its own (Rule.fix).
type fixer func(d *doc, s site) []edit

// fixFor returns the edits that fix a finding with its rule's fixer, nil
// when it cannot be fixed mechanically.
func (d *doc) fixFor(rule *Rule, f Finding) []edit {
	if rule.fix == nil {
		return nil
	}
	s := site{line: f.Line, text: d.line(f.Line), node: d.node(f.Line)}
	if s.toks = tokens(s.text); len(s.toks) == 0 {
		return nil
	}
	return rule.fix(d, s)
}

// onInstruction makes a fixer that runs only at the start of an
// instruction.
func onInstruction(fix fixer) fixer {
	return func(d *doc, s site) []edit {
		if s.node == nil {
			return nil
		}
		return fix(d, s)
	}
}

// singleLine makes a fixer that runs only on an instruction written on one
// line: the rewrite handles no continuations.
func singleLine(fix fixer) fixer {
	return onInstruction(func(d *doc, s site) []edit {
		if s.node.StartLine != s.node.EndLine {
			return nil
		}
		return fix(d, s)
	})
}

// sameCase writes word in the case of the site's instruction keyword.
func (s site) sameCase(word string) string {
	if k := s.toks[0].text; k == strings.ToLower(k) {
		return strings.ToLower(word)
	}
	return strings.ToUpper(word)
}

// fixInstructionCasing writes the keyword in the case most instructions use.
var fixInstructionCasing = onInstruction(func(d *doc, s site) []edit {
	k := s.toks[0]
	word := strings.ToUpper(k.text)
	if d.majorityLower() {
		word = strings.ToLower(k.text)
	}
	return s.one(k.col, k.text, word)
})

// fixFromAsCasing writes AS in the case of FROM.
var fixFromAsCasing = onInstruction(func(_ *doc, s site) []edit {
	for _, t := range s.toks[min(2, len(s.toks)):] {
		if strings.EqualFold(t.text, "as") {
			return s.one(t.col, t.text, s.sameCase("as"))
		}
	}
	return nil
})

// fixStageNameCasing writes the stage name in lower case.
var fixStageNameCasing = onInstruction(func(_ *doc, s site) []edit {
	for i, t := range s.toks[:len(s.toks)-1] {
		if i >= 2 && strings.EqualFold(t.text, "as") {
			name := s.toks[i+1]
			return s.one(name.col, name.text, strings.ToLower(name.text))
		}
	}
	return nil
})

// fixRedundantTargetPlatform drops --platform=$TARGETPLATFORM.
var fixRedundantTargetPlatform = onInstruction(func(_ *doc, s site) []edit {
	for i, t := range s.toks {
		if strings.HasPrefix(strings.ToLower(t.text), "--platform=") && i+1 < len(s.toks) {
			return s.one(t.col, s.text[t.col:s.toks[i+1].col], "")
		}
	}
	return nil
})

// fixExposeProtoCasing writes EXPOSE protocols in lower case.
var fixExposeProtoCasing = onInstruction(func(_ *doc, s site) []edit {
	var edits []edit
	for _, t := range s.toks[1:] {
		if i := strings.LastIndex(t.text, "/"); i >= 0 && t.text[i:] != strings.ToLower(t.text[i:]) {
			edits = append(edits, edit{line: s.line, col: t.col + i, old: t.text[i:], new: strings.ToLower(t.text[i:])})
		}
	}
	return edits
})

// fixEmptyContinuation deletes the empty lines inside the instruction that
// ends at the finding's line.
func fixEmptyContinuation(d *doc, s site) []edit {
	for _, n := range d.res.AST.Children {
		if n.EndLine != s.line {
			continue
		}
		var edits []edit
		for l := n.StartLine + 1; l < n.EndLine; l++ {
			if strings.TrimSpace(d.line(l)) == "" {
				edits = append(edits, edit{line: l, col: 0, old: d.lines[l-1], new: ""})
			}
		}
		return edits
	}
	return nil
}

// fixTrimpath adds -trimpath to the go build of the instruction.
var fixTrimpath = onInstruction(func(d *doc, s site) []edit {
	for l := s.node.StartLine; l <= s.node.EndLine; l++ {
		if m := dockerfile.FindGoBuild(d.line(l)); m != nil {
			return []edit{{line: l, col: m[1], old: "", new: " -trimpath"}}
		}
	}
	return nil
})

// fixLegacyKeyValue writes ENV/LABEL key value as key=value.
var fixLegacyKeyValue = singleLine(func(d *doc, s site) []edit {
	if len(s.toks) < 3 {
		return nil
	}
	key := s.toks[1]
	// BuildKit splits the legacy form at more kinds of space than a word
	// here ends at (\v), and the new form's words at any Unicode space
	// (\f, NBSP, …): with one of those between the key and the end, the
	// two forms would not mean the same.
	if strings.IndexFunc(strings.TrimRightFunc(s.text[key.col:], unicode.IsSpace), oddSpace) >= 0 {
		return nil
	}
	value := strings.TrimSpace(s.text[s.toks[2].col:])
	// Quoting changes what the escape character means: unquoted it escapes
	// any character, in double quotes only ", $ and itself.
	if strings.ContainsAny(value, "\"'\\") || strings.ContainsRune(value, d.res.EscapeToken) {
		return nil
	}
	if strings.ContainsAny(value, " \t") {
		value = `"` + value + `"`
	}
	return s.one(key.col, s.text[key.col:], key.text+"="+value)
})

// oddSpace reports whether r is a space other than a blank or a tab.
func oddSpace(r rune) bool { return unicode.IsSpace(r) && r != ' ' && r != '\t' }

// fixMaintainer turns MAINTAINER into the OCI authors label.
var fixMaintainer = singleLine(func(_ *doc, s site) []edit {
	if len(s.toks) < 2 {
		return nil
	}
	author := strings.TrimSpace(s.text[s.toks[1].col:])
	if strings.ContainsAny(author, "\"\\$") {
		return nil
	}
	k := s.toks[0]
	return s.one(k.col, s.text[k.col:], s.sameCase("LABEL")+` org.opencontainers.image.authors="`+author+`"`)
})

// fixExecForm rewrites a shell-form CMD, ENTRYPOINT or HEALTHCHECK CMD.
var fixExecForm = singleLine(func(d *doc, s site) []edit {
	return d.execForm(s.line, s.toks)
})

// plainWordRE matches an argument that means the same in a shell and in
// the exec form: no quotes, variables, globs or operators.
var plainWordRE = regexp.MustCompile(`^[A-Za-z0-9_./:=@%+,-]+$`)

// shellWords are commands that exist only inside a shell.
var shellWords = []string{"exec", "cd", "export", "set", "source", ".", "eval", "ulimit", "umask", "trap", "test", "[", "true", "false"}

// execForm rewrites a one-line shell-form CMD, ENTRYPOINT or HEALTHCHECK
// CMD in the exec form, when its words are plain.
func (d *doc) execForm(line int, toks []token) []edit {
	start := 1
	if strings.EqualFold(toks[0].text, "HEALTHCHECK") {
		start = -1
		for i, t := range toks {
			if i > 0 && strings.EqualFold(t.text, "CMD") {
				start = i + 1
			}
		}
		if start < 0 {
			return nil
		}
	}
	if start >= len(toks) {
		return nil
	}
	var args []string
	for _, t := range toks[start:] {
		if !plainWordRE.MatchString(t.text) {
			return nil
		}
		args = append(args, t.text)
	}
	if slices.Contains(shellWords, args[0]) {
		return nil
	}
	js, err := json.Marshal(args)
	if err != nil {
		return nil
	}
	text := d.line(line)
	return []edit{{line: line, col: toks[start].col, old: strings.TrimRight(text[toks[start].col:], " \t"), new: string(js)}}
}
