package dockerfile

import "testing"

func TestCheckText(t *testing.T) {
	for _, c := range []struct {
		data, want string
	}{
		{"FROM alpine:3.22\nENV A=café\n", ""},
		{"FROM alpine:3.22\n# caf\xe9, a Latin-1 comment\n  # and another \xff\n", ""},
		{"FROM alpine:3.22\nENV A=caf\xe9\n", "Dockerfile:2: not UTF-8: save the file as UTF-8 text"},
		{"FROM alpine:3.22\nRUN echo \\\n  caf\xe9\n", "Dockerfile:3: not UTF-8: save the file as UTF-8 text"},
		{"FROM alpine:3.22\n\x00ELF", "Dockerfile:2: not a text file (NUL byte)"},
		// A quoted heredoc's body is copied byte for byte; an unquoted
		// one is expanded, its # lines too.
		{"FROM alpine:3.22\nCOPY <<'EOF' /etc/motd\nbienvenue \xe0 bord\nEOF\nUSER 65532:65532\n", ""},
		{"FROM alpine:3.22\nCOPY <<'EOF' <<EOT /x/\nok\nEOF\nb\xe0d\nEOT\n", "Dockerfile:5: not UTF-8: save the file as UTF-8 text"},
		{"FROM alpine:3.22\nRUN <<EOT\n# caf\xe9\nEOT\n", "Dockerfile:3: not UTF-8: save the file as UTF-8 text"},
		{"FROM alpine:3.22\r\nENV A=caf\xe9\r\n", "Dockerfile:2: not UTF-8: save the file as UTF-8 text"},
	} {
		err := CheckText("Dockerfile", []byte(c.data))
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != c.want {
			t.Errorf("CheckText(%q) = %q, want %q", c.data, got, c.want)
		}
	}
}
