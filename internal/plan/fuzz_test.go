package plan

import (
	"strings"
	"testing"

	"github.com/dockgen/dockgen/internal/exampletest"
	"github.com/dockgen/dockgen/internal/header"
)

// FuzzSettings reads any settings line: no panic, an error names the file
// and line, and what parses prints back to a line that parses the same.
func FuzzSettings(f *testing.F) {
	for _, s := range exampletest.Seeds(f, "examples/*/Dockerfile", "internal/render/testdata/TestGolden/*.Dockerfile.golden") {
		f.Add(s)
	}
	// No example names ports by binary: one that does.
	f.Add([]byte("# syntax=docker/dockerfile:1\n" + header.SettingsPrefix + " base=scratch mains=cmd/api,cmd/worker primary=api port=8080 ports=worker:9090,admin:none cgo=auto include=none context=allow\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, ok, err := ParseSettings("Dockerfile", data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "Dockerfile:") || strings.Contains(err.Error(), "\n") {
				t.Errorf("error is not one line naming Dockerfile:LINE: %q", err)
			}
			return
		}
		if !ok {
			return
		}
		line := header.SettingsPrefix + " " + c.String() + "\n"
		c2, ok2, err := ParseSettings("Dockerfile", []byte(line))
		if err != nil || !ok2 || c2.String() != c.String() {
			t.Errorf("settings %q print as %q, which reads back as %q (%v, %v)", data, line, c2.String(), ok2, err)
		}
	})
}
