// Package textwrap breaks text into lines at word boundaries: the one
// wrapping rule for what dockgen prints on a terminal (package prompter)
// and the comments it writes into a Dockerfile (package templates).
package textwrap

import "strings"

// Lines breaks text into lines of at most width columns (runs of spaces
// and line breaks count as one space), each break at a word boundary. A
// word longer than width (a URL, a command) stays whole on a line of its
// own. Empty text gives no line.
func Lines(text string, width int) []string {
	var lines []string
	var line strings.Builder
	for _, word := range strings.Fields(text) {
		if line.Len() > 0 && line.Len()+1+len(word) > width {
			lines = append(lines, line.String())
			line.Reset()
		}
		if line.Len() > 0 {
			line.WriteByte(' ')
		}
		line.WriteString(word)
	}
	if line.Len() > 0 {
		lines = append(lines, line.String())
	}
	return lines
}
