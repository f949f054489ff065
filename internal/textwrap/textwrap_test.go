package textwrap

import (
	"slices"
	"testing"
)

func TestLines(t *testing.T) {
	tests := []struct {
		text  string
		width int
		want  []string
	}{
		{"", 10, nil},
		{"   ", 10, nil},
		{"one two three", 20, []string{"one two three"}},
		{"one two three", 7, []string{"one two", "three"}},
		{"one two three", 8, []string{"one two", "three"}},
		{"one  two\nthree", 13, []string{"one two three"}},
		{"see https://example.org/a/long/path now", 10, []string{"see", "https://example.org/a/long/path", "now"}},
		{"a → b … c", 5, []string{"a → b", "… c"}},
	}
	for _, tt := range tests {
		if got := Lines(tt.text, tt.width); !slices.Equal(got, tt.want) {
			t.Errorf("Lines(%q, %d) = %q, want %q", tt.text, tt.width, got, tt.want)
		}
	}
}
