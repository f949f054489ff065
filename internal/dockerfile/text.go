package dockerfile

import (
	"bytes"
	"fmt"
	"unicode/utf8"
)

// CheckText reports, as one line naming the file and line, a Dockerfile
// that is not text BuildKit can read: a NUL byte, or an instruction that is
// not UTF-8. BuildKit's word lexer prints a line to stderr for each byte it
// cannot decode and goes on with a replacement character, so such a line
// would build with other words than the ones written. Comments may hold
// any bytes: nothing reads them.
func CheckText(name string, data []byte) error {
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return fmt.Errorf("%s:%d: not a text file (NUL byte)", name, 1+bytes.Count(data[:i], []byte("\n")))
	}
	if utf8.Valid(data) {
		return nil
	}
	for n, line := range bytes.Split(data, []byte("\n")) {
		if bytes.HasPrefix(bytes.TrimLeft(line, " \t"), []byte("#")) || utf8.Valid(line) {
			continue
		}
		return fmt.Errorf("%s:%d: not UTF-8: save the file as UTF-8 text", name, n+1)
	}
	return nil
}
