package templates

import (
	"io/fs"
	"slices"
	"testing"
)

// TestEveryTemplateIsKnown parses the embedded templates and checks that
// each has a name constant, so package render's golden tests (which render
// Dockerfile and Dockerignore for every example × base) cover every one.
func TestEveryTemplateIsKnown(t *testing.T) {
	tmpl, err := Parse()
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	names, err := fs.Glob(files, "*.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	known := []string{Dockerfile, Dockerignore}
	for _, n := range names {
		if !slices.Contains(known, n) {
			t.Errorf("template %s has no name constant and no golden test", n)
		}
		if tmpl.Lookup(n) == nil {
			t.Errorf("template %s was not parsed", n)
		}
	}
	if len(names) != len(known) {
		t.Errorf("embedded %v, known %v", names, known)
	}
}

func TestPaths(t *testing.T) {
	for _, tt := range []struct {
		in   []string
		want string
	}{
		{[]string{"/rootfs-empty", "/app/data"}, "/rootfs-empty /app/data"},
		{[]string{"/rootfs-empty", "/app/Library/Application Support/app"}, `["/rootfs-empty","/app/Library/Application Support/app"]`},
		{[]string{"it's.conf", "/etc/app/"}, `["it\\'s.conf","/etc/app/"]`},
		{[]string{`a "b" $c`, "/app/"}, `["a \\\"b\\\" \\$c","/app/"]`},
	} {
		got, err := Paths(tt.in...)
		if err != nil || got != tt.want {
			t.Errorf("Paths(%q) = %s, %v, want %s", tt.in, got, err, tt.want)
		}
	}
}

func TestComment(t *testing.T) {
	got := Comment("Data is written to /var/lib/an-application-with-a-long-name/and/a/longer/path (main.go:12): mount a volume there to keep it:\n  docker run -v app-data:/var/lib/an-application-with-a-long-name/and/a/longer/path")
	want := "# Data is written to /var/lib/an-application-with-a-long-name/and/a/longer/path\n" +
		"# (main.go:12): mount a volume there to keep it:\n" +
		"#   docker run -v app-data:/var/lib/an-application-with-a-long-name/and/a/longer/path"
	if got != want {
		t.Errorf("Comment:\n%s\nwant:\n%s", got, want)
	}
}
