package plan

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/moby/patternmatcher"

	"github.com/dockgen/dockgen/internal/analyze"
)

// ContextStyle says how the .dockerignore shapes the build context.
type ContextStyle string

// The context styles. Allow is the default for new files.
const (
	// ContextAllow leaves everything out and lets in only what the build
	// reads and the image copies: a secret no list names stays out too.
	ContextAllow ContextStyle = "allow"
	// ContextDeny lets everything in but for the files dockgen knows the
	// build does not need, secret-looking names among them.
	ContextDeny ContextStyle = "deny"
)

// ParseContext checks a --context value.
func ParseContext(s string) (ContextStyle, error) {
	switch ContextStyle(s) {
	case ContextAllow, ContextDeny:
		return ContextStyle(s), nil
	}
	return "", fmt.Errorf("unknown context style %q (want allow, deny)", s)
}

// IgnoreStyle tells the style of an existing .dockerignore from its
// patterns (as ignorefile.ReadAll returns them): allow when it starts by
// leaving everything out, deny otherwise.
func IgnoreStyle(patterns []string) ContextStyle {
	if len(patterns) > 0 && (patterns[0] == "*" || patterns[0] == "**" || patterns[0] == "**/*") {
		return ContextAllow
	}
	return ContextDeny
}

// ignoreGroups are the deny-style patterns dockgen starts from, in order.
// Secrets come last but for exceptions of embedded files, so that no
// earlier exception lets them back in.
var ignoreGroups = []IgnoreGroup{
	{Comment: "Version control and CI: large, and never read by go build", Patterns: []string{".git", "**/.git", ".hg", ".svn", ".github", ".gitlab-ci.yml"}, Routine: true},
	{Comment: "Editors and operating systems", Patterns: []string{".idea", ".vscode", "**/*.swp", "**/*~", "**/.DS_Store"}, Routine: true},
	{Comment: "Container files: editing them must not invalidate the build cache", Patterns: []string{"Dockerfile*", "**/Dockerfile*", ".dockerignore", "docker-compose*.y*ml", "compose*.y*ml", ".dockgen"}, Routine: true},
	{Comment: "Build output, coverage and profiles", Patterns: []string{"bin", "dist", "tmp", "**/*.test", "**/*.out", "**/*.prof", "**/coverage.*", "**/node_modules"}, Routine: true},
	{Comment: "Tests and documentation: go build does not read them", Patterns: []string{"**/*_test.go", "**/testdata", "**/*.md", "docs"}, Routine: true},
}

// secretPatterns keep credentials out of the build context.
var secretPatterns = IgnoreGroup{Routine: true, Comment: "Secrets: never send them to the builder", Patterns: []string{
	"**/.env", "**/.env.*", "**/*.pem", "**/*.key", "**/*.p12", "**/*.pfx", "**/*.jks",
	"**/id_rsa*", "**/id_ed25519*", "**/id_ecdsa*", "**/id_dsa*", "**/.netrc", "**/.npmrc",
	"**/.aws", "**/.ssh", "**/.gnupg", "**/.docker", "**/*.kubeconfig", "**/kubeconfig",
	"**/credentials.json", "**/*.tfstate", "**/*.tfstate.*", "**/*.tfvars",
	"**/.envrc", "**/.git-credentials", "**/.pgpass", "**/.dockerconfigjson",
}}

// Comments of the groups a reader of the file sees, and the code tests.
const (
	runtimeComment = "Files the binary reads at run time (copied into the image)"
	embedComment   = "Files the code embeds with //go:embed: go build needs them"
)

// Why a file must reach the builder, for NeededFile.Why.
const (
	whyModule  = "a module file go reads"
	whyGo      = "a Go source go build compiles"
	whyNonGo   = "a non-Go source go build compiles (C, assembly, syso, …)"
	whyCgo     = "named by a #cgo flag"
	whyEmbed   = "embedded with //go:embed"
	whyRuntime = "read at run time and copied into the image"
	whyVendor  = "the vendored modules' list"
)

// neededFiles lists every file of the context the build reads or the
// image copies, each once, with why.
func (d *decider) neededFiles(mains []analyze.Main) []NeededFile {
	var out []NeededFile
	seen := map[string]bool{}
	add := func(why string, paths ...string) {
		for _, p := range paths {
			if !seen[p] {
				seen[p] = true
				out = append(out, NeededFile{Path: p, Why: why})
			}
		}
	}
	add(whyModule, d.p.ModFiles...)
	if d.p.Vendor {
		add(whyVendor, "vendor/modules.txt")
	}
	for _, m := range mains {
		add(whyGo, m.LocalFiles...)
		add(whyNonGo, m.NonGoFiles...)
		add(whyCgo, m.CgoPaths...)
		add(whyEmbed, m.EmbedFiles...)
		for _, rf := range m.RuntimeFiles {
			add(whyRuntime, rf.Source)
		}
	}
	return out
}

// ignore decides the .dockerignore in the chosen style.
func (d *decider) ignore(mains []analyze.Main, style ContextStyle) {
	needed := d.neededFiles(mains)
	ig := Ignore{Style: style, Needed: needed}
	if style == ContextDeny {
		ig.Summary = "keeps the build context small and free of secrets"
		ig.Groups = d.denyGroups(mains, needed)
		d.reason("context", "deny list (--context deny): the build context holds everything but the files dockgen knows the build does not need")
	} else {
		ig.Summary = "the build context holds only what the build reads and the image copies; nothing else reaches the builder"
		ig.Groups = d.allowGroups(mains)
		d.reason("context", "allow list: everything stays out of the build context but the module files, Go sources and the files the build reads or the image copies, so a secret no list names stays out too (--context deny for a deny list)")
	}
	if missed := LeftOut(ig.Patterns(), needed); len(missed) > 0 {
		// The patterns above should let in every needed file; when Docker's
		// matching says otherwise, each such file gets a line of its own.
		var ex []string
		for _, n := range missed {
			ex = append(ex, "!"+n.Path)
			d.reason("context", "%s is let in by name: the patterns leave it out, but it is %s", n.Path, n.Why)
		}
		ig.Groups = append(ig.Groups, IgnoreGroup{Comment: "Files the patterns above would leave out, but the build needs", Patterns: ex})
	}
	d.plan.Ignore = ig
}

// allowGroups are the allow-style patterns: leave everything out, then let
// in what the build reads, each group with why.
func (d *decider) allowGroups(mains []analyze.Main) []IgnoreGroup {
	groups := []IgnoreGroup{{Comment: "Everything stays out of the build context but what the lines below let in", Patterns: []string{"*"}, Routine: true}}
	mod := IgnoreGroup{Routine: true, Comment: "Module files: go reads them to resolve modules (a nested go.mod marks another module)", Patterns: []string{"!**/go.mod", "!**/go.sum"}}
	if d.p.Workspace {
		mod.Patterns = append(mod.Patterns, "!go.work", "!go.work.sum")
	}
	groups = append(groups, mod, IgnoreGroup{Comment: "Go sources: **/*.go lets in every package; each package directory is named too, because older Docker releases look into a left-out directory only when a line names it", Patterns: d.goPatterns(mains), Routine: true})

	var nonGo, cgoPaths, embeds []string
	var runtime []analyze.RuntimeFile
	for _, m := range mains {
		nonGo = append(nonGo, m.NonGoFiles...)
		cgoPaths = append(cgoPaths, m.CgoPaths...)
		embeds = append(embeds, m.Embeds...)
		runtime = append(runtime, m.RuntimeFiles...)
	}
	if pats := d.nonGoPatterns(nonGo); len(pats) > 0 {
		groups = append(groups, IgnoreGroup{Comment: "Other sources go build compiles, for any target platform (assembly, C, headers, syso)", Patterns: pats})
	}
	if pats := d.notVendored(uniq(cgoPaths)); len(pats) > 0 {
		groups = append(groups, IgnoreGroup{Comment: "Headers and libraries the #cgo flags name", Patterns: exceptions(pats)})
	}
	dirs := false // whole directories come in: keep known secrets out of them
	if d.p.Vendor {
		groups = append(groups, IgnoreGroup{Comment: "Vendored modules: the build uses -mod=vendor", Patterns: []string{"!vendor"}})
		dirs = true // vendored test keys (a proxy's ca.pem) are no source
	}
	if gen := d.generateDirs(); len(gen) > 0 {
		groups = append(groups, IgnoreGroup{Comment: "Directories go generate runs in during the build: the generator may read any file beside its directive", Patterns: exceptions(gen)})
		dirs = true
	}
	groups = append(groups, IgnoreGroup{Comment: "Tests: go build does not read them", Patterns: []string{"**/*_test.go", "**/testdata"}, Routine: true})
	if len(runtime) > 0 {
		var srcs []string
		for _, rf := range runtime {
			srcs = append(srcs, rf.Source)
			dirs = dirs || rf.Dir
		}
		groups = append(groups, IgnoreGroup{Comment: runtimeComment, Patterns: exceptions(uniq(srcs))})
	}
	if dirs {
		groups = append(groups, IgnoreGroup{Comment: "Secrets inside the directories let in whole: never send them to the builder", Patterns: secretPatterns.Patterns, Routine: true})
	}
	if g, ok := d.embedGroup(mains, uniq(embeds)); ok {
		groups = append(groups, g)
	}
	return groups
}

// generateDirs are the directories go generate runs in during the build,
// let in whole because a generator reads its inputs beside its directive.
// The module root is not let in whole (that would be everything): the
// person is told to let its inputs in.
func (d *decider) generateDirs() []string {
	var out []string
	for _, dir := range d.notVendored(d.plan.Build.GenerateDirs) {
		if dir == "." {
			d.warn("go generate runs at the module root during the build; the allow list lets in only the Go sources there: add a ! line to .dockerignore for any other file the generator reads (your edit survives regeneration)")
			continue
		}
		if !slices.Contains(out, dir) {
			out = append(out, dir)
			d.reason("context", "%s is let in whole: go generate runs there during the build, and its generator may read any file beside the directive", dir)
		}
	}
	return out
}

// goPatterns lets in the Go files everywhere, and by directory for each
// package of the build.
func (d *decider) goPatterns(mains []analyze.Main) []string {
	var dirs []string
	for _, m := range mains {
		dirs = append(dirs, m.LocalDirs...)
	}
	out := []string{"!**/*.go"}
	for _, dir := range d.notVendored(uniq(dirs)) {
		if dir != "." {
			out = append(out, "!"+dir+"/*.go")
		}
	}
	slices.Sort(out[1:])
	return out
}

// nonGoPatterns lets in the non-Go sources by directory and extension
// (crc/*.s), so that another assembly file beside them needs no
// regeneration. Vendored files come in with vendor/.
func (d *decider) nonGoPatterns(files []string) []string {
	var out []string
	for _, f := range d.notVendored(files) {
		pat := path.Join(path.Dir(f), "*"+path.Ext(f))
		if path.Ext(f) == "" {
			pat = f
		}
		if !slices.Contains(out, "!"+pat) {
			out = append(out, "!"+pat)
		}
	}
	slices.Sort(out)
	return out
}

// notVendored drops the paths below vendor/ when the build vendors: the
// vendor directory is let in whole.
func (d *decider) notVendored(paths []string) []string {
	if !d.p.Vendor {
		return paths
	}
	return slices.DeleteFunc(slices.Clone(paths), func(p string) bool { return strings.HasPrefix(p, "vendor/") })
}

// embedGroup lets in every //go:embed pattern as it is written, so that a
// new file an existing pattern matches needs no regeneration. Below a
// directory it embeds, go skips names starting with . or _ (unless the
// pattern says all:); they stay out of the context too, unless an embedded
// file has such a name.
func (d *decider) embedGroup(mains []analyze.Main, patterns []string) (IgnoreGroup, bool) {
	if len(patterns) == 0 {
		return IgnoreGroup{}, false
	}
	var files []string
	for _, m := range mains {
		files = append(files, m.EmbedFiles...)
	}
	secret := newIgnoreSet(secretPatterns.Patterns)
	for _, f := range uniq(files) {
		if secret.excludes(f) {
			d.warn("%s is embedded and looks like a secret; it is let into the build context because go build needs it", f)
		}
	}
	var pats []string
	comment := embedComment
	for _, p := range patterns {
		pats = append(pats, "!"+p)
		if firstMatch([]string{p + "/**"}, files) == "" {
			continue // p names files, not a directory
		}
		for _, hidden := range []string{p + "/**/.*", p + "/**/_*"} {
			if firstMatch([]string{hidden}, files) == "" {
				pats = append(pats, hidden)
				comment = embedComment + " (but for the . and _ files go skips in embedded directories)"
			}
		}
	}
	return IgnoreGroup{Comment: comment, Patterns: pats}, true
}

// exceptions turns paths into ! lines.
func exceptions(paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = "!" + p
	}
	return out
}

// denyGroups are the deny-style patterns: the groups above, minus any
// pattern that would hide a file the build reads, plus exceptions for the
// files the code embeds or reads at run time.
func (d *decider) denyGroups(mains []analyze.Main, needed []NeededFile) []IgnoreGroup {
	var reads []string // every file go build reads
	for _, n := range needed {
		if n.Why != whyEmbed && n.Why != whyRuntime {
			reads = append(reads, n.Path)
		}
	}
	var runtime, embeds []string
	for _, m := range mains {
		embeds = append(embeds, m.EmbedFiles...)
		for _, rf := range m.RuntimeFiles {
			runtime = append(runtime, rf.Source)
		}
	}

	var groups []IgnoreGroup
	for _, g := range append(append([]IgnoreGroup(nil), ignoreGroups...), secretPatterns) {
		kept := IgnoreGroup{Comment: g.Comment, Routine: g.Routine}
		for _, pat := range g.Patterns {
			if hit := firstMatch([]string{pat}, reads); hit != "" {
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
			groups = append(groups[:last], IgnoreGroup{Comment: runtimeComment, Patterns: runtimeEx}, groups[last])
		} else {
			groups = append(groups, IgnoreGroup{Comment: runtimeComment, Patterns: runtimeEx})
		}
	}
	if len(embedEx) > 0 {
		groups = append(groups, IgnoreGroup{Comment: embedComment, Patterns: embedEx})
	}
	return groups
}

// Missing is a needed file that a .dockerignore leaves out.
type Missing struct {
	NeededFile
	// OlderDocker says the patterns let it in, but older Docker releases
	// never look into its directory (see walkSkips).
	OlderDocker bool
}

// LeftOut returns the needed files that a .dockerignore made of patterns
// (as ignorefile.ReadAll returns them) leaves out of the build context,
// with Docker's own matching. A pattern that does not compile leaves out
// nothing: Docker rejects the file before any build.
func LeftOut(patterns []string, needed []NeededFile) []Missing {
	set := newIgnoreSet(patterns)
	if set.pm == nil {
		return nil
	}
	var out []Missing
	for _, n := range needed {
		if set.excludes(n.Path) {
			byPattern, _ := set.pm.MatchesOrParentMatches(n.Path)
			out = append(out, Missing{NeededFile: n, OlderDocker: !byPattern})
		}
	}
	return out
}

// ignoreSet answers, with Docker's own matching, whether a .dockerignore
// made of some patterns leaves a file out of the build context.
type ignoreSet struct {
	pm      *patternmatcher.PatternMatcher
	skipped map[string]bool // directory → an older Docker's walk skips it
}

func newIgnoreSet(patterns []string) ignoreSet {
	pm, err := patternmatcher.New(patterns)
	if err != nil {
		return ignoreSet{} // our own patterns always compile; excludes nothing
	}
	return ignoreSet{pm: pm, skipped: map[string]bool{}}
}

// excludes reports whether file is left out, by the patterns or by the
// walk of an older Docker over the context.
func (s ignoreSet) excludes(file string) bool {
	if s.pm == nil {
		return false
	}
	ok, err := s.pm.MatchesOrParentMatches(file)
	return err == nil && ok || s.walkSkips(file)
}

// walkSkips reports whether an older Docker never looks at file: its
// context walk (BuildKit's fsutil before it learnt wildcard exceptions;
// Docker 20.10 here) goes into a left-out directory only when an exception
// line starts with that directory's path, so !**/*.go alone lets in only
// the Go files at the top. Newer walks look everywhere and agree with the
// patterns.
func (s ignoreSet) walkSkips(file string) bool {
	for i := strings.IndexByte(file, '/'); i >= 0; i = next(file, i) {
		if s.dirSkipped(file[:i]) {
			return true
		}
	}
	return false
}

// dirSkipped reports whether an older Docker's walk skips dir itself,
// once per directory: files share their directories.
func (s ignoreSet) dirSkipped(dir string) bool {
	if skip, ok := s.skipped[dir]; ok {
		return skip
	}
	skip := false
	if out, err := s.pm.MatchesOrParentMatches(dir); err == nil && out {
		skip = true
		for _, p := range s.pm.Patterns() {
			if p.Exclusion() && strings.HasPrefix(p.String()+"/", dir+"/") {
				skip = false
				break
			}
		}
	}
	s.skipped[dir] = skip
	return skip
}

// next returns the index of the slash after i in s, or -1.
func next(s string, i int) int {
	j := strings.IndexByte(s[i+1:], '/')
	if j < 0 {
		return -1
	}
	return i + 1 + j
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
