package prompter

import (
	"io"
	"unicode/utf8"
)

// Keys as the terminal sends them.
const (
	keyInterrupt = 0x03 // Ctrl-C
	keyEscape    = 0x1b
)

// fileReader is a terminal to read keys from.
type fileReader interface {
	io.Reader
	Fd() uintptr
}

// keyReader reads a terminal one key at a time, for every question in
// turn. A prompt library may buffer what it reads and drop the rest when
// its question ends; handing out one key per Read keeps keys typed ahead
// for the next question. An Esc key on its own becomes Ctrl-C, so that Esc
// cancels like Ctrl-C does.
type keyReader struct {
	in      fileReader
	pending []byte
}

func newKeyReader(in fileReader) *keyReader { return &keyReader{in: in} }

// Fd returns the terminal's file descriptor.
func (k *keyReader) Fd() uintptr { return k.in.Fd() }

// Read returns at most one key: a byte, a UTF-8 character, or a whole
// escape sequence (an arrow key, a cursor position report).
func (k *keyReader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	if len(k.pending) == 0 {
		buf := make([]byte, 256)
		n, err := k.in.Read(buf)
		if n == 0 {
			return 0, err
		}
		k.pending = loneEscapes(buf[:n])
	}
	n := copy(p, k.pending[:keyLen(k.pending)])
	k.pending = k.pending[n:]
	return n, nil
}

// loneEscapes turns every Esc that does not start an escape sequence
// (ESC [ or ESC O) into Ctrl-C. A terminal sends an escape sequence in one
// write, so an Esc at the end of what was read is the Esc key.
func loneEscapes(b []byte) []byte {
	for i := 0; i < len(b); i++ {
		if b[i] != keyEscape {
			continue
		}
		if i+1 < len(b) && (b[i+1] == '[' || b[i+1] == 'O') {
			i += keyLen(b[i:]) - 1
			continue
		}
		b[i] = keyInterrupt
	}
	return b
}

// keyLen returns the length of the key at the start of b.
func keyLen(b []byte) int {
	switch {
	case len(b) >= 2 && b[0] == keyEscape && b[1] == '[':
		// CSI: parameter and intermediate bytes, then a final byte.
		i := 2
		for i < len(b) && b[i] >= 0x20 && b[i] <= 0x3f {
			i++
		}
		if i < len(b) && b[i] >= 0x40 && b[i] <= 0x7e {
			i++
		}
		return i
	case len(b) >= 2 && b[0] == keyEscape && b[1] == 'O':
		return min(3, len(b))
	case b[0] >= utf8.RuneSelf:
		_, n := utf8.DecodeRune(b)
		return n
	}
	return 1
}
