package analyze

import (
	"slices"
	"strings"

	"golang.org/x/mod/module"
)

// publicHosts are code hosts whose modules the public proxy serves. A
// requirement on any other host counts as public too unless it looks like
// an internal server (see privateModules).
var publicHosts = []string{"github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "gitea.com", "sr.ht", "git.sr.ht", "golang.org", "google.golang.org", "gopkg.in", "go.googlesource.com"}

// internalSuffixes are host name endings that never resolve on the public
// internet.
var internalSuffixes = []string{".internal", ".corp", ".local", ".lan", ".intranet", ".home", ".localdomain", ".private"}

// privateModules lists the requirements that the public proxy cannot serve:
// those GOPRIVATE or GONOPROXY names, and those on hosts that look internal
// (a name ending in .internal, .corp, …, or a self-hosted git server such
// as git.example.com or gitlab.example.com).
func (a *analyzer) privateModules(p *Project) []string {
	patterns := strings.Join([]string{a.opts.Getenv("GOPRIVATE"), a.opts.Getenv("GONOPROXY")}, ",")
	p.PrivatePatterns = []string{}
	for _, pat := range strings.Split(patterns, ",") {
		if pat = strings.TrimSpace(pat); pat != "" && !slices.Contains(p.PrivatePatterns, pat) {
			p.PrivatePatterns = append(p.PrivatePatterns, pat)
		}
	}
	slices.Sort(p.PrivatePatterns)
	var out []string
	seen := map[string]bool{}
	for _, r := range p.Requires {
		if seen[r.Path] || isLocalModule(p, r.Path) {
			continue
		}
		seen[r.Path] = true
		if module.MatchPrefixPatterns(patterns, r.Path) || looksInternal(r.Path) {
			out = append(out, r.Path)
		}
	}
	return out
}

// isLocalModule reports whether modPath is replaced by a local directory.
func isLocalModule(p *Project, modPath string) bool {
	for _, r := range p.Replaces {
		if r.Old == modPath {
			return true
		}
	}
	return false
}

// looksInternal reports whether the host of a module path looks like a
// private server.
func looksInternal(modPath string) bool {
	host, _, _ := strings.Cut(modPath, "/")
	for _, h := range publicHosts {
		if host == h {
			return false
		}
	}
	for _, s := range internalSuffixes {
		if strings.HasSuffix(host, s) {
			return true
		}
	}
	for _, prefix := range []string{"git.", "gitlab.", "github.", "bitbucket.", "gitea.", "ghe.", "scm."} {
		if strings.HasPrefix(host, prefix) {
			return true
		}
	}
	return false
}
