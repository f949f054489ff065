package header_test

import (
	"strings"
	"testing"

	"github.com/dockgen/dockgen/internal/analyze"
	"github.com/dockgen/dockgen/internal/header"
	"github.com/dockgen/dockgen/internal/plan"
	"github.com/dockgen/dockgen/internal/render"
)

// TestRoundTrip renders files and reads their header back: both files are
// marked, and the settings line gives back the choices of the plan.
func TestRoundTrip(t *testing.T) {
	p := &analyze.Project{Module: "example.org/svc", Go: "1.26.0", Mains: []analyze.Main{
		{Dir: "cmd/api", Binary: "api", ImportPath: "example.org/svc/cmd/api"},
		{Dir: "cmd/worker", Binary: "worker", ImportPath: "example.org/svc/cmd/worker"},
	}}
	for _, c := range []plan.Choices{
		{},
		{Base: plan.Scratch, Mains: []string{"cmd/api", "cmd/worker"}, Primary: "worker", Port: 8080, Cgo: plan.CgoOff, Include: []string{"ca-certs", "tzdata"}, Private: []string{"corp.example/*"}},
		{Base: plan.Alpine, Port: -1},
	} {
		pl, err := plan.Decide(p, c)
		if err != nil {
			t.Fatal(err)
		}
		f, err := render.Render(pl)
		if err != nil {
			t.Fatal(err)
		}
		if !header.IsGenerated(f.Dockerfile) || !header.IsGenerated(f.Dockerignore) {
			t.Errorf("rendered files are not marked as generated:\n%s\n%s", f.Dockerfile, f.Dockerignore)
		}
		got, ok, err := plan.ParseSettings("Dockerfile", f.Dockerfile)
		if err != nil || !ok {
			t.Fatalf("settings of the rendered Dockerfile: %v %v", ok, err)
		}
		if got.String() != pl.Choices.String() {
			t.Errorf("settings read back %q, rendered from %q", got, pl.Choices)
		}
	}
}

func TestHeader(t *testing.T) {
	lines := func(n int, last string) []byte {
		return []byte(strings.Repeat("# x\n", n) + last + "\nFROM scratch\n")
	}
	tests := []struct {
		name      string
		content   []byte
		generated bool
		words     string
		line      int
	}{
		{name: "empty", content: nil},
		{name: "hand-written", content: []byte("FROM scratch\n")},
		{name: "marker first", content: []byte("# " + header.Marker + "\n"), generated: true},
		{name: "marker on the last header line", content: lines(header.Lines-1, "# "+header.Marker), generated: true},
		{name: "marker below the header", content: lines(header.Lines, "# "+header.Marker)},
		{name: "settings", content: lines(3, header.SettingsPrefix+" base=scratch"), words: " base=scratch", line: 4},
		{name: "indented settings", content: []byte("  " + header.SettingsPrefix + " port=none\n"), words: " port=none", line: 1},
		{name: "settings below the header", content: lines(header.Lines, header.SettingsPrefix+" base=scratch")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := header.IsGenerated(tt.content); got != tt.generated {
				t.Errorf("IsGenerated = %v, want %v", got, tt.generated)
			}
			words, line, ok := header.Settings(tt.content)
			if words != tt.words || line != tt.line || ok != (tt.line > 0) {
				t.Errorf("Settings = %q, %d, %v, want %q, %d", words, line, ok, tt.words, tt.line)
			}
		})
	}
	if got := header.SettingsName(); got != "dockgen-settings:" {
		t.Errorf("SettingsName = %q", got)
	}
}
