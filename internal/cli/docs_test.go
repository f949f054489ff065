package cli

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"

	"github.com/dockgen/dockgen/internal/exampletest"
	"github.com/dockgen/dockgen/internal/golden"
	"github.com/dockgen/dockgen/internal/iostreams"
)

// TestReferenceDocs keeps docs/cli/ (one Markdown page per command,
// generated from cobra) in step with the commands: it fails when a page is
// stale, and DOCKGEN_UPDATE=1 rewrites them.
func TestReferenceDocs(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	root := NewCmdRoot(NewFactory(ios, func(string) string { return "" }))
	root.DisableAutoGenTag = true
	dir := filepath.Join(exampletest.Root(), "docs", "cli")
	var cmds []*cobra.Command
	var walk func(*cobra.Command)
	walk = func(c *cobra.Command) {
		if !c.IsAvailableCommand() && c != root {
			return
		}
		cmds = append(cmds, c)
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	for _, c := range cmds {
		c.DisableAutoGenTag = true
		name := strings.ReplaceAll(c.CommandPath(), " ", "_") + ".md"
		var buf bytes.Buffer
		if err := doc.GenMarkdownCustom(c, &buf, func(s string) string { return s }); err != nil {
			t.Fatal(err)
		}
		golden.Check(t, filepath.Join(dir, name), buf.Bytes())
	}
	for _, c := range cmds {
		if c.Short == "" || (c != root && (c.Long == "" || c.Example == "")) {
			t.Errorf("%s lacks Short, Long or Example", c.CommandPath())
		}
	}
}
