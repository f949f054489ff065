package lint

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"

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

var wordRE = regexp.MustCompile(`\S+`)

func tokens(line string) []token {
	var out []token
	for _, m := range wordRE.FindAllStringIndex(line, -1) {
		out = append(out, token{line[m[0]:m[1]], m[0]})
	}
	return out
}

// fixFor returns the edits that fix a finding, nil when it cannot be fixed
// mechanically.
func (d *doc) fixFor(f Finding) []edit {
	n := d.node(f.Line)
	if n == nil && f.Rule != ruleNoEmptyContinuation.ID {
		return nil
	}
	line := d.line(f.Line)
	toks := tokens(line)
	if len(toks) == 0 {
		return nil
	}
	keyword := toks[0]
	one := func(col int, old, new string) []edit {
		return []edit{{line: f.Line, col: col, old: old, new: new}}
	}
	sameCase := func(word string) string {
		if keyword.text == strings.ToLower(keyword.text) {
			return strings.ToLower(word)
		}
		return strings.ToUpper(word)
	}
	switch f.Rule {
	case ruleConsistentInstructionCasing.ID:
		word := strings.ToUpper(keyword.text)
		if strings.HasSuffix(f.Message, "(lowercase)") {
			word = strings.ToLower(keyword.text)
		}
		return one(keyword.col, keyword.text, word)
	case ruleFromAsCasing.ID:
		for _, t := range toks[2:] {
			if strings.EqualFold(t.text, "as") {
				return one(t.col, t.text, sameCase("as"))
			}
		}
	case ruleStageNameCasing.ID:
		for i, t := range toks[:len(toks)-1] {
			if i >= 2 && strings.EqualFold(t.text, "as") {
				name := toks[i+1]
				return one(name.col, name.text, strings.ToLower(name.text))
			}
		}
	case ruleRedundantTargetPlatform.ID:
		for i, t := range toks {
			if strings.HasPrefix(strings.ToLower(t.text), "--platform=") && i+1 < len(toks) {
				return one(t.col, line[t.col:toks[i+1].col], "")
			}
		}
	case ruleExposeProtoCasing.ID:
		var edits []edit
		for _, t := range toks[1:] {
			if i := strings.LastIndex(t.text, "/"); i >= 0 && t.text[i:] != strings.ToLower(t.text[i:]) {
				edits = append(edits, edit{line: f.Line, col: t.col + i, old: t.text[i:], new: strings.ToLower(t.text[i:])})
			}
		}
		return edits
	case ruleNoEmptyContinuation.ID:
		return d.fixEmptyContinuation(f.Line)
	case ruleGoTrimpath.ID:
		for l := n.StartLine; l <= n.EndLine; l++ {
			if m := goBuildRE.FindStringIndex(d.line(l)); m != nil {
				return []edit{{line: l, col: m[1], old: "", new: " -trimpath"}}
			}
		}
		return nil
	}
	if n.StartLine != n.EndLine {
		return nil // the rewrites below handle one-line instructions only
	}
	switch f.Rule {
	case ruleJSONArgsRecommended.ID, ruleGoExecForm.ID:
		return d.fixExecForm(f.Line, toks)
	case ruleLegacyKeyValueFormat.ID:
		if len(toks) < 3 {
			return nil
		}
		key := toks[1]
		value := strings.TrimSpace(line[toks[2].col:])
		if strings.ContainsAny(value, "\"'\\") {
			return nil
		}
		if strings.ContainsAny(value, " \t") {
			value = `"` + value + `"`
		}
		return one(key.col, line[key.col:], key.text+"="+value)
	case ruleMaintainerDeprecated.ID:
		if len(toks) < 2 {
			return nil
		}
		author := strings.TrimSpace(line[toks[1].col:])
		if strings.ContainsAny(author, "\"\\$") {
			return nil
		}
		return one(keyword.col, line[keyword.col:], sameCase("LABEL")+` org.opencontainers.image.authors="`+author+`"`)
	}
	return nil
}

// plainWordRE matches an argument that means the same in a shell and in
// the exec form: no quotes, variables, globs or operators.
var plainWordRE = regexp.MustCompile(`^[A-Za-z0-9_./:=@%+,-]+$`)

// shellWords are commands that exist only inside a shell.
var shellWords = []string{"exec", "cd", "export", "set", "source", ".", "eval", "ulimit", "umask", "trap", "test", "[", "true", "false"}

// fixExecForm rewrites a one-line shell-form CMD, ENTRYPOINT or
// HEALTHCHECK CMD in the exec form, when its words are plain.
func (d *doc) fixExecForm(line int, toks []token) []edit {
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

// fixEmptyContinuation deletes the empty lines inside the instruction that
// ends at end.
func (d *doc) fixEmptyContinuation(end int) []edit {
	for _, n := range d.res.AST.Children {
		if n.EndLine != end {
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
