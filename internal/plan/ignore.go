package plan

import (
	"github.com/moby/patternmatcher"

	"github.com/dockgen/dockgen/internal/analyze"
)

// ignoreGroups are the .dockerignore patterns dockgen starts from, in
// order. Secrets come last but for exceptions of embedded files, so that no
// earlier exception lets them back in.
var ignoreGroups = []IgnoreGroup{
	{"Version control and CI: large, and never read by go build", []string{".git", "**/.git", ".hg", ".svn", ".github", ".gitlab-ci.yml"}},
	{"Editors and operating systems", []string{".idea", ".vscode", "**/*.swp", "**/*~", "**/.DS_Store"}},
	{"Container files: editing them must not invalidate the build cache", []string{"Dockerfile*", "**/Dockerfile*", ".dockerignore", "docker-compose*.y*ml", "compose*.y*ml", ".dockgen"}},
	{"Build output, coverage and profiles", []string{"bin", "dist", "tmp", "**/*.test", "**/*.out", "**/*.prof", "**/coverage.*", "**/node_modules"}},
	{"Tests and documentation: go build does not read them", []string{"**/*_test.go", "**/testdata", "**/*.md", "docs"}},
}

// secretPatterns keep credentials out of the build context.
var secretPatterns = IgnoreGroup{"Secrets: never send them to the builder", []string{
	"**/.env", "**/.env.*", "**/*.pem", "**/*.key", "**/*.p12", "**/*.pfx", "**/*.jks",
	"**/id_rsa*", "**/id_ed25519*", "**/id_ecdsa*", "**/id_dsa*", "**/.netrc", "**/.npmrc",
	"**/.aws", "**/.ssh", "**/.gnupg", "**/.docker", "**/*.kubeconfig", "**/kubeconfig",
	"**/credentials.json", "**/*.tfstate", "**/*.tfstate.*", "**/*.tfvars",
	"**/.envrc", "**/.git-credentials", "**/.pgpass", "**/.dockerconfigjson",
}}

// ignore decides the .dockerignore: the groups above, minus any pattern
// that would hide a package the build compiles, plus exceptions for the
// files the code embeds or reads at run time.
func (d *decider) ignore(mains []analyze.Main) {
	var needed []string // every file go build reads
	var runtime, embeds []string
	for _, m := range mains {
		needed = append(needed, m.LocalFiles...)
		embeds = append(embeds, m.EmbedFiles...)
		for _, rf := range m.RuntimeFiles {
			runtime = append(runtime, rf.Source)
		}
	}
	needed = append(needed, d.p.ModFiles...)
	if d.p.Vendor {
		needed = append(needed, "vendor/modules.txt")
	}
	needed = uniq(needed)

	var groups []IgnoreGroup
	for _, g := range append(append([]IgnoreGroup(nil), ignoreGroups...), secretPatterns) {
		kept := IgnoreGroup{Comment: g.Comment}
		for _, pat := range g.Patterns {
			if hit := firstMatch([]string{pat}, needed); hit != "" {
				d.reason("dockerignore", "%s is not ignored: the build needs %s", pat, hit)
				continue
			}
			kept.Patterns = append(kept.Patterns, pat)
		}
		if len(kept.Patterns) > 0 {
			groups = append(groups, kept)
		}
	}
	var all []string
	for _, g := range groups {
		all = append(all, g.Patterns...)
	}
	// Run-time files go before the secrets so that a secret inside a copied
	// directory stays out; embedded files go last because go build fails
	// without them.
	ignored, secret := newIgnoreSet(all), newIgnoreSet(secretPatterns.Patterns)
	var runtimeEx, embedEx []string
	for _, f := range uniq(runtime) {
		if ignored.excludes(f) {
			runtimeEx = append(runtimeEx, "!"+f)
		}
	}
	for _, f := range uniq(embeds) {
		if ignored.excludes(f) {
			embedEx = append(embedEx, "!"+f)
			if secret.excludes(f) {
				d.warn("%s is embedded and looks like a secret; it is let into the build context because go build needs it", f)
			}
		}
	}
	if len(runtimeEx) > 0 {
		last := len(groups) - 1
		if last >= 0 && groups[last].Comment == secretPatterns.Comment {
			groups = append(groups[:last], IgnoreGroup{"Files the binary reads at run time (copied into the image)", runtimeEx}, groups[last])
		} else {
			groups = append(groups, IgnoreGroup{"Files the binary reads at run time (copied into the image)", runtimeEx})
		}
	}
	if len(embedEx) > 0 {
		groups = append(groups, IgnoreGroup{"Files the code embeds with //go:embed: go build needs them", embedEx})
	}
	d.plan.Ignore = Ignore{Groups: groups}
}

// ignoreSet answers, with Docker's own matching, whether a .dockerignore
// made of some patterns leaves a file out of the build context.
type ignoreSet struct {
	pm *patternmatcher.PatternMatcher
}

func newIgnoreSet(patterns []string) ignoreSet {
	pm, err := patternmatcher.New(patterns)
	if err != nil {
		return ignoreSet{} // our own patterns always compile; excludes nothing
	}
	return ignoreSet{pm}
}

// excludes reports whether file is left out.
func (s ignoreSet) excludes(file string) bool {
	if s.pm == nil {
		return false
	}
	ok, err := s.pm.MatchesOrParentMatches(file)
	return err == nil && ok
}

// firstMatch returns the first file the patterns leave out, or "".
func firstMatch(patterns, files []string) string {
	set := newIgnoreSet(patterns)
	for _, f := range files {
		if set.excludes(f) {
			return f
		}
	}
	return ""
}

func uniq(in []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range in {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
