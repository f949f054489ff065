// Package textwrap breaks text into lines at word boundaries: the one
// wrapping rule for what dockgen prints on a terminal (package prompter)
// and the comments it writes into a Dockerfile (package templates).
package textwrap

import (
	"strings"
	"unicode/utf8"
)

// Lines breaks text into lines of at most width columns, a character a
// column (runs of spaces and line breaks count as one space), each break
// at a word boundary. A
// word longer than width (a URL, a command) stays whole on a line of its
// own. Empty text gives no line.
func Lines(text string, width int) []string {
	var lines []string
	var line strings.Builder
	cols := 0 // of line, in characters
	for _, word := range strings.Fields(text) {
		n := utf8.RuneCountInString(word)
		if cols > 0 && cols+1+n > width {
			lines = append(lines, line.String())
			line.Reset()
			cols = 0
		}
		if cols > 0 {
			line.WriteByte(' ')
			cols++
		}
		line.WriteString(word)
		cols += n
	}
	if line.Len() > 0 {
		lines = append(lines, line.String())
	}
	return lines
}
