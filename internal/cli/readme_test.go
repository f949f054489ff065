package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/dockgen/dockgen/internal/exampletest"
)

// readme returns the repository's README.
func readme(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(exampletest.Root(), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestReadmeFirstCommand runs the README's first set-up command as a
// newcomer's fresh machine would (no module cache at all): it prints a
// Dockerfile and nothing on stderr, not even a warning.
func TestReadmeFirstCommand(t *testing.T) {
	m := regexp.MustCompile(`(?m)^    go run \./cmd/dockgen (.*)$`).FindStringSubmatch(readme(t))
	if m == nil {
		t.Fatal("README has no `go run ./cmd/dockgen …` set-up command")
	}
	t.Chdir(exampletest.Root())
	env := map[string]string{"GOMODCACHE": filepath.Join(t.TempDir(), "empty")}
	code, stdout, stderr := runDockgen(t, env, strings.Fields(m[1])...)
	if code != 0 || stderr != "" || !strings.HasPrefix(stdout, "# syntax=") {
		t.Errorf("dockgen %s on a fresh machine: exit %d\nstderr:\n%s\nstdout starts %.80q", m[1], code, stderr, stdout)
	}
}

// TestReadmeLinksStayInside: every link of the README and the docs resolves
// to a file of the repository (an address after go install or on a
// website would otherwise point nowhere).
func TestReadmeLinksStayInside(t *testing.T) {
	root := exampletest.Root()
	docs := []string{"README.md", "e2e/README.md", "docs/lint.md"}
	link := regexp.MustCompile(`\]\(([^)#\s]+)`)
	for _, doc := range docs {
		b, err := os.ReadFile(filepath.Join(root, doc))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range link.FindAllStringSubmatch(string(b), -1) {
			target := m[1]
			if strings.HasPrefix(target, "https://") || strings.HasPrefix(target, "http://") {
				continue
			}
			p := filepath.Join(root, filepath.Dir(doc), filepath.FromSlash(target))
			if rel, err := filepath.Rel(root, p); err != nil || strings.HasPrefix(rel, "..") {
				t.Errorf("%s links %s, outside the repository", doc, target)
				continue
			}
			if _, err := os.Stat(p); err != nil {
				t.Errorf("%s links %s, which does not exist", doc, target)
			}
		}
	}
}

// TestHelpNamesNoRepositoryPaths: help texts are read after go install,
// where docs/ or examples/ mean nothing; they point to URLs or to
// dockgen help TOPIC instead.
func TestHelpNamesNoRepositoryPaths(t *testing.T) {
	repoPath := regexp.MustCompile(`(^|[\s(])(docs|internal|examples|e2e|scripts|templates)/|[\w/]+\.md\b`)
	root := NewCmdRoot(NewFactory(nil, func(string) string { return "" }))
	var walk func(*cobra.Command)
	walk = func(c *cobra.Command) {
		texts := []string{c.Short, c.Long, c.Example, c.Flags().FlagUsages()}
		for _, text := range texts {
			for _, line := range strings.Split(text, "\n") {
				if strings.Contains(line, "https://") {
					continue
				}
				if repoPath.MatchString(line) {
					t.Errorf("%s help names a repository path: %q", c.CommandPath(), line)
				}
			}
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}
