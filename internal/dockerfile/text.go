package dockerfile

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

// CheckText reports, as one line naming the file and line, a Dockerfile
// that is not text BuildKit can read: a NUL byte, or an instruction that is
// not UTF-8. BuildKit's word lexer prints a line to stderr for each byte it
// cannot decode and goes on with a replacement character, so such a line
// would build with other words than the ones written. Comments may hold
// any bytes (nothing reads them), and so may the body of a quoted heredoc
// (COPY <<'EOF' …), which BuildKit copies byte for byte.
func CheckText(name string, data []byte) error {
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return fmt.Errorf("%s:%d: not a text file (NUL byte)", name, 1+bytes.Count(data[:i], []byte("\n")))
	}
	if utf8.Valid(data) {
		return nil
	}
	verbatim, body := heredocLines(data)
	for i, line := range bytes.Split(data, []byte("\n")) {
		n := i + 1
		if verbatim[n] || utf8.Valid(line) || !body[n] && isComment(line) {
			continue
		}
		return fmt.Errorf("%s:%d: not UTF-8: save the file as UTF-8 text", name, n)
	}
	return nil
}

// heredocLines returns the lines (from 1) of the heredoc bodies in data:
// those of quoted heredocs, which nothing expands, and all of them. A
// heredoc's body follows the instruction's own lines, each body ending
// with its terminator line. Nothing is returned when data does not parse:
// the parse error will be reported instead.
func heredocLines(data []byte) (verbatim, body map[int]bool) {
	verbatim, body = map[int]bool{}, map[int]bool{}
	res, err := parser.Parse(bytes.NewReader(data))
	if err != nil {
		return verbatim, body
	}
	for _, n := range res.AST.Children {
		total := 0
		for _, h := range n.Heredocs {
			total += strings.Count(h.Content, "\n") + 1
		}
		line := n.EndLine - total + 1
		for _, h := range n.Heredocs {
			lines := strings.Count(h.Content, "\n")
			for k := range lines {
				body[line+k] = true
				verbatim[line+k] = !h.Expand
			}
			line += lines + 1
		}
	}
	return verbatim, body
}

// isComment reports whether a line is a comment, as BuildKit tells one.
func isComment(line []byte) bool {
	return bytes.HasPrefix(bytes.TrimLeftFunc(line, unicode.IsSpace), []byte("#"))
}
