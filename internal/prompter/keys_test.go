package prompter

import (
	"bytes"
	"io"
	"reflect"
	"strings"
	"testing"
)

// chunks is a terminal that returns each chunk in its own read, as a
// terminal returns each write of the person's keyboard.
type chunks struct{ reads [][]byte }

func (c *chunks) Read(p []byte) (int, error) {
	if len(c.reads) == 0 {
		return 0, io.EOF
	}
	n := copy(p, c.reads[0])
	c.reads = c.reads[1:]
	return n, nil
}

func (c *chunks) Fd() uintptr { return ^uintptr(0) }

func TestKeyReader(t *testing.T) {
	tests := []struct {
		name  string
		reads []string
		keys  []string
	}{
		{"letters one by one", []string{"ab\r"}, []string{"a", "b", "\r"}},
		{"arrow keys whole", []string{"\x1b[B\x1b[A\x1bOB "}, []string{"\x1b[B", "\x1b[A", "\x1bOB", " "}},
		{"cursor position report whole", []string{"\x1b[24;80R8\r"}, []string{"\x1b[24;80R", "8", "\r"}},
		{"a lone Esc cancels", []string{"\x1b"}, []string{"\x03"}},
		{"Esc before other keys cancels", []string{"\x1bx"}, []string{"\x03", "x"}},
		{"UTF-8 whole", []string{"é→"}, []string{"é", "→"}},
		{"typed ahead across reads", []string{"\x1b[B\r", "n\r"}, []string{"\x1b[B", "\r", "n", "\r"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := &chunks{}
			for _, r := range tt.reads {
				src.reads = append(src.reads, []byte(r))
			}
			k := newKeyReader(src)
			var got []string
			buf := make([]byte, 64)
			for {
				n, err := k.Read(buf)
				if n > 0 {
					got = append(got, string(bytes.Clone(buf[:n])))
				}
				if err != nil {
					break
				}
			}
			if !reflect.DeepEqual(got, tt.keys) {
				t.Errorf("keys = %q, want %q", got, tt.keys)
			}
		})
	}
}

func TestWrapHelp(t *testing.T) {
	if got := wrapHelp(strings.Repeat("help ", 40)); strings.Count(got, "\n  help") != 2 {
		t.Errorf("wrapHelp = %q, want 3 lines with continuations indented under survey's \"? \"", got)
	}
}
