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
	var runtimeEx, embedEx []string
	for _, f := range uniq(runtime) {
		if matches(all, f) {
			runtimeEx = append(runtimeEx, "!"+f)
		}
	}
	for _, f := range uniq(embeds) {
		if matches(all, f) {
			embedEx = append(embedEx, "!"+f)
			if looksSecretPath(f) {
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

// matches reports whether Docker would leave file out of the context.
func matches(patterns []string, file string) bool {
	pm, err := patternmatcher.New(patterns)
	if err != nil {
		return false
	}
	ok, err := pm.MatchesOrParentMatches(file)
	return err == nil && ok
}

// firstMatch returns the first file the patterns leave out, or "".
func firstMatch(patterns, files []string) string {
	pm, err := patternmatcher.New(patterns)
	if err != nil {
		return ""
	}
	for _, f := range files {
		if ok, err := pm.MatchesOrParentMatches(f); err == nil && ok {
			return f
		}
	}
	return ""
}

// looksSecretPath reports whether the secret patterns match file.
func looksSecretPath(file string) bool {
	return matches(secretPatterns.Patterns, file)
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
