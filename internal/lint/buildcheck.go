package lint

import (
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/moby/buildkit/frontend/dockerfile/shell"
	"github.com/moby/buildkit/util/suggest"
	"github.com/moby/patternmatcher"

	"github.com/dockgen/dockgen/internal/dockerfile"
)

// This file holds the rules BuildKit runs while it converts a Dockerfile
// into a build (dockerfile2llb): the same checks, in the same places, with
// the same messages, but on the Dockerfile alone. BuildKit reads the
// environment of each base image from its registry; dockgen knows the
// environment of the images Go builds use (knownImageEnv) and stays quiet
// about undefined variables in stages built on any other image.

// defaultPath is the PATH BuildKit sets when the image has none.
const defaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

// knownImageEnv returns the environment an image's configuration sets, for
// the images Go builds use; ok is false for any other image.
func knownImageEnv(image string) (vars []string, ok bool) {
	repo, _, _ := dockerfile.SplitImage(image)
	switch {
	case repo == "scratch":
		return nil, true
	case dockerfile.IsGolang(image):
		return []string{"GOLANG_VERSION", "GOTOOLCHAIN", "GOPATH"}, true
	case strings.HasPrefix(repo, "gcr.io/distroless/"):
		return []string{"SSL_CERT_FILE"}, true
	}
	switch strings.TrimPrefix(strings.TrimPrefix(repo, "docker.io/"), "library/") {
	case "alpine", "debian", "ubuntu", "busybox":
		return nil, true
	}
	return nil, false
}

// tracker remembers the last CMD, ENTRYPOINT or HEALTHCHECK of a stage.
type tracker struct {
	loc []parser.Range
	set bool
}

// bkState is a stage as BuildKit's dispatcher sees it.
type bkState struct {
	stage      *instructions.Stage
	base       *bkState
	image      string // the base name with build arguments expanded
	env        *dockerfile.Env
	envKnown   bool
	buildArgs  []string
	workdirSet bool
	shellSet   bool

	cmd, entrypoint, healthcheck tracker
}

// buildChecks runs the build-check rules.
func (r *runner) buildChecks() error {
	d := r.doc
	r.validateStageNames()
	r.validateCommandCasing()

	global := d.file.Global
	allArgs := map[string]bool{}
	for _, cmd := range d.metaArgs {
		for _, kp := range cmd.Args {
			allArgs[kp.Key] = true
		}
	}
	r.validateBaseImagesWithDefaultArgs(global)

	argKeys := map[string]bool{}
	for k := range allArgs {
		argKeys[k] = true
	}
	for _, k := range global.Keys() {
		argKeys[k] = true
	}

	byName := map[string]*bkState{}
	var states []*bkState
	for i := range d.stages {
		st := &d.stages[i]
		lint := r.lint.WithMergedConfigFromComments(st.Comments)
		nameMatch, err := d.lex.ProcessWordWithMatches(st.BaseName, global)
		reportUnusedFromArgs(argKeys, nameMatch.Unmatched, st.Location, lint)
		if err != nil {
			return dockerfile.Located(d.name, parser.WithLocation(err, st.Location))
		}
		if nameMatch.Result == "" {
			return fmt.Errorf("%s:%d: base name (%s) should not be blank", d.name, st.Location[0].Start.Line, st.BaseName)
		}
		s := &bkState{stage: st, image: nameMatch.Result, base: byName[nameMatch.Result]}
		if v := st.Platform; v != "" {
			platMatch, err := d.lex.ProcessWordWithMatches(v, global)
			reportUnusedFromArgs(argKeys, platMatch.Unmatched, st.Location, lint)
			reportRedundantTargetPlatform(st.Platform, platMatch, st.Location, global, lint)
			reportConstPlatformDisallowed(st.Name, platMatch, st.Location, lint)
			if err != nil {
				return dockerfile.Located(d.name, parser.WithLocation(err, st.Location))
			}
		}
		if st.Name != "" {
			byName[strings.ToLower(st.Name)] = s
		}
		states = append(states, s)
	}

	var ignore *patternmatcher.PatternMatcher
	if d.opts.Ignore != nil && len(d.opts.Ignore.Patterns) > 0 {
		pm, err := compileIgnore(d.opts.Ignore)
		if err != nil {
			return err
		}
		ignore = pm
	}
	for _, s := range states {
		s.init()
		for _, cmd := range s.stage.Commands {
			if err := r.dispatch(s, cmd, global, ignore); err != nil {
				return dockerfile.Located(d.name, parser.WithLocation(err, cmd.Location()))
			}
		}
	}
	return nil
}

// init starts a stage from its base: an earlier stage, or an image.
func (s *bkState) init() {
	if s.base != nil {
		s.env = s.base.env.Clone()
		s.envKnown = s.base.envKnown
		s.workdirSet = s.base.workdirSet
		s.shellSet = s.base.shellSet
		s.buildArgs = slices.Clone(s.base.buildArgs)
		return
	}
	s.env = dockerfile.NewEnv()
	vars, ok := knownImageEnv(s.image)
	for _, v := range vars {
		s.env.Set(v, "")
	}
	s.envKnown = ok
	if _, ok := s.env.Get("PATH"); !ok {
		s.env.Set("PATH", defaultPath)
	}
}

// nonEnvArgs are build arguments that never reach the environment.
var nonEnvArgs = map[string]bool{"BUILDKIT_SBOM_SCAN_CONTEXT": true, "BUILDKIT_SBOM_SCAN_STAGE": true}

// dispatch runs the checks of one instruction, as BuildKit's dispatch does:
// the variables of its words first, then the checks of its kind.
func (r *runner) dispatch(s *bkState, cmd instructions.Command, global *dockerfile.Env, ignore *patternmatcher.PatternMatcher) error {
	lint := r.lint.WithMergedConfigFromComments(cmd.Comments())
	if err := r.expandWords(s, cmd, lint); err != nil {
		return err
	}
	c := &dispatchCtx{runner: r, s: s, global: global, ignore: ignore, lint: lint}
	switch cmd := cmd.(type) {
	case *instructions.EnvCommand:
		c.env(cmd)
	case *instructions.WorkdirCommand:
		if !s.workdirSet && !path.IsAbs(c.word(cmd.Path)) {
			lint.Run(&linter.RuleWorkdirRelativePath, cmd.Location(), linter.RuleWorkdirRelativePath.Format(c.word(cmd.Path)))
		}
		s.workdirSet = true
	case *instructions.LabelCommand:
		for _, l := range cmd.Labels {
			if l.NoDelim {
				lint.Run(&linter.RuleLegacyKeyValueFormat, cmd.Location(), linter.RuleLegacyKeyValueFormat.Format(cmd.Name()))
			}
		}
	case *instructions.CmdCommand:
		validateUsedOnce(cmd, &s.cmd, lint)
		c.execForm(cmd, cmd.PrependShell)
	case *instructions.EntrypointCommand:
		validateUsedOnce(cmd, &s.entrypoint, lint)
		c.execForm(cmd, cmd.PrependShell)
	case *instructions.HealthCheckCommand:
		validateUsedOnce(cmd, &s.healthcheck, lint)
	case *instructions.ExposeCommand:
		return c.expose(cmd)
	case *instructions.ShellCommand:
		s.shellSet = true
	case *instructions.ArgCommand:
		return c.arg(cmd)
	case *instructions.RunCommand:
		return c.bindSources(cmd)
	case *instructions.CopyCommand:
		if cmd.From == "" {
			return c.sources(cmd.SourcePaths, "Copy", cmd.Location())
		}
	case *instructions.AddCommand:
		return c.sources(slices.DeleteFunc(slices.Clone(cmd.SourcePaths), isRemote), "Add", cmd.Location())
	}
	return nil
}

// expandWords reports the undefined variables in the words of an
// instruction, leaving the words as written, so that the Go rules see the
// instructions as written.
func (r *runner) expandWords(s *bkState, cmd instructions.Command, lint *linter.Linter) error {
	expand := func(lex *shell.Lex) instructions.SingleWordExpander {
		return func(word string) (string, error) {
			_, unmatched, err := lex.ProcessWord(word, s.env)
			r.reportUnmatchedVariables(cmd, s, unmatched, lint)
			return word, err
		}
	}
	if _, isArg := cmd.(*instructions.ArgCommand); !isArg {
		if ex, ok := cmd.(instructions.SupportsSingleWordExpansion); ok {
			if err := ex.Expand(expand(r.doc.lex)); err != nil {
				return err
			}
		}
	}
	if ex, ok := cmd.(instructions.SupportsSingleWordExpansionRaw); ok {
		raw := shell.NewLex('\\')
		raw.SkipProcessQuotes = true
		if err := ex.ExpandRaw(expand(raw)); err != nil {
			return err
		}
	}
	return nil
}

// dispatchCtx is what the checks of one instruction share.
type dispatchCtx struct {
	*runner
	s      *bkState
	global *dockerfile.Env
	ignore *patternmatcher.PatternMatcher
	lint   *linter.Linter
}

// word expands a word in the stage's environment; as written when it
// cannot.
func (c *dispatchCtx) word(w string) string {
	v, _, err := c.doc.lex.ProcessWord(w, c.s.env)
	if err != nil {
		return w
	}
	return v
}

func (c *dispatchCtx) env(cmd *instructions.EnvCommand) {
	values := make([]string, len(cmd.Env))
	for i, e := range cmd.Env {
		values[i] = c.word(e.Value)
	}
	for i, e := range cmd.Env {
		if e.NoDelim {
			c.lint.Run(&linter.RuleLegacyKeyValueFormat, cmd.Location(), linter.RuleLegacyKeyValueFormat.Format(cmd.Name()))
		}
		validateNoSecretKey("ENV", e.Key, cmd.Location(), c.lint)
		c.s.env.Set(e.Key, values[i])
	}
}

// execForm reports a shell-form CMD or ENTRYPOINT while the stage has no
// SHELL.
func (c *dispatchCtx) execForm(cmd instructions.Command, shellForm bool) {
	if shellForm && !c.s.shellSet {
		c.lint.Run(&linter.RuleJSONArgsRecommended, cmd.Location(), linter.RuleJSONArgsRecommended.Format(cmd.Name()))
	}
}

func (c *dispatchCtx) expose(cmd *instructions.ExposeCommand) error {
	for _, p := range cmd.Ports {
		ports, err := c.doc.lex.ProcessWords(p, c.s.env)
		if err != nil {
			return err
		}
		for _, port := range ports {
			if err := checkPort(port, cmd.Location(), c.lint); err != nil {
				return err
			}
		}
	}
	return nil
}

func (c *dispatchCtx) arg(cmd *instructions.ArgCommand) error {
	for _, arg := range cmd.Args {
		validateNoSecretKey("ARG", arg.Key, cmd.Location(), c.lint)
		var value *string
		if arg.Value == nil {
			if v, ok := c.global.Get(arg.Key); ok {
				value = &v
			}
		} else {
			v, unmatched, err := c.doc.lex.ProcessWord(*arg.Value, c.s.env)
			c.reportUnmatchedVariables(cmd, c.s, unmatched, c.lint)
			if err != nil {
				return err
			}
			value = &v
		}
		if value != nil && !nonEnvArgs[arg.Key] {
			c.s.env.Set(arg.Key, *value)
		}
		c.s.buildArgs = append(c.s.buildArgs, arg.Key)
	}
	return nil
}

// sources checks the build-context sources of a COPY or ADD against the
// .dockerignore.
func (c *dispatchCtx) sources(srcs []string, kind string, loc []parser.Range) error {
	for _, src := range srcs {
		if err := validateCopySourcePath(c.word(src), kind, c.ignore, c.doc.opts.Context, loc, c.lint); err != nil {
			return err
		}
	}
	return nil
}

// bindSources checks the build-context sources of a RUN's bind mounts
// against the .dockerignore: BuildKit checks COPY and ADD only, but a bind
// mount of a left-out path fails the same way.
func (c *dispatchCtx) bindSources(cmd *instructions.RunCommand) error {
	for _, m := range instructions.GetMounts(cmd) {
		if m.Type == instructions.MountTypeBind && m.From == "" && m.Source != "" {
			if err := validateCopySourcePath(m.Source, "bind-mount", c.ignore, c.doc.opts.Context, cmd.Location(), c.lint); err != nil {
				return err
			}
		}
	}
	return nil
}

// isRemote reports whether an ADD source is a URL or a Git repository.
func isRemote(src string) bool {
	return strings.Contains(src, "://") || strings.HasPrefix(src, "git@")
}

func (r *runner) validateStageNames() {
	seen := map[string]bool{}
	for _, st := range r.doc.stages {
		if st.Name == "" {
			continue
		}
		if st.Name == "context" || st.Name == "scratch" {
			r.lint.Run(&linter.RuleReservedStageName, st.Location, linter.RuleReservedStageName.Format(st.Name))
		}
		if seen[st.Name] {
			r.lint.Run(&linter.RuleDuplicateStageName, st.Location, linter.RuleDuplicateStageName.Format(st.Name))
		}
		seen[st.Name] = true
	}
}

func isSelfConsistentCasing(s string) bool {
	return s == strings.ToLower(s) || s == strings.ToUpper(s)
}

// majorityLower reports whether most instructions are written in lower case.
func (d *doc) majorityLower() bool {
	var lower, upper int
	count := func(name string) {
		if isSelfConsistentCasing(name) {
			if strings.ToLower(name) == name {
				lower++
			} else {
				upper++
			}
		}
	}
	for _, st := range d.stages {
		count(st.OrigCmd)
		for _, cmd := range st.Commands {
			count(cmd.Name())
		}
	}
	return lower > upper
}

func (r *runner) validateCommandCasing() {
	lower := r.doc.majorityLower()
	check := func(name string, loc []parser.Range) {
		var correct string
		if lower && strings.ToLower(name) != name {
			correct = "lowercase"
		} else if !lower && strings.ToUpper(name) != name {
			correct = "uppercase"
		}
		if correct != "" {
			r.lint.Run(&linter.RuleConsistentInstructionCasing, loc, linter.RuleConsistentInstructionCasing.Format(name, correct))
		}
	}
	for _, st := range r.doc.stages {
		check(st.OrigCmd, st.Location)
		for _, cmd := range st.Commands {
			check(cmd.Name(), cmd.Location())
		}
	}
}

// reportUnmatchedVariables reports the variables a word used but no ARG or
// ENV defined. Stages built on an image whose environment dockgen does not
// know are left alone.
func (r *runner) reportUnmatchedVariables(cmd instructions.Command, s *bkState, unmatched map[string]struct{}, lint *linter.Linter) {
	if len(unmatched) == 0 || !s.envKnown {
		return
	}
	var names []string
	for name := range unmatched {
		if !slices.Contains(s.buildArgs, name) && !nonEnvArgs[name] {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	for _, name := range names {
		match, _ := suggest.Search(name, s.env.Keys(), true)
		lint.Run(&linter.RuleUndefinedVar, cmd.Location(), linter.RuleUndefinedVar.Format(name, match))
	}
}

func reportUnusedFromArgs(argKeys map[string]bool, unmatched map[string]struct{}, loc []parser.Range, lint *linter.Linter) {
	var keys, names []string
	for k := range argKeys {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for name := range unmatched {
		if !argKeys[name] {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	for _, name := range names {
		match, _ := suggest.Search(name, keys, true)
		lint.Run(&linter.RuleUndefinedArgInFrom, loc, linter.RuleUndefinedArgInFrom.Format(name, match))
	}
}

func reportRedundantTargetPlatform(platformVar string, m shell.ProcessWordResult, loc []parser.Range, global *dockerfile.Env, lint *linter.Linter) {
	if len(m.Matched) != 1 || len(m.Unmatched) != 0 {
		return
	}
	if _, ok := m.Matched["TARGETPLATFORM"]; !ok {
		return
	}
	if v, _ := global.Get("TARGETPLATFORM"); m.Result == v {
		lint.Run(&linter.RuleRedundantTargetPlatform, loc, linter.RuleRedundantTargetPlatform.Format(platformVar))
	}
}

func reportConstPlatformDisallowed(stageName string, m shell.ProcessWordResult, loc []parser.Range, lint *linter.Linter) {
	if len(m.Matched) > 0 || len(m.Unmatched) > 0 {
		return // not a constant
	}
	osName, arch, ok := parsePlatform(m.Result)
	if !ok {
		return // BuildKit fails on it later
	}
	if strings.Contains(stageName, osName) || strings.Contains(stageName, arch) {
		return
	}
	lint.Run(&linter.RuleFromPlatformFlagConstDisallowed, loc, linter.RuleFromPlatformFlagConstDisallowed.Format(m.Result))
}

// parsePlatform reads an os[/arch[/variant]] specifier and normalizes it as
// containerd's platforms.Parse does, for the names that matter here.
func parsePlatform(s string) (osName, arch string, ok bool) {
	parts := strings.Split(strings.ToLower(s), "/")
	if len(parts) == 0 || len(parts) > 3 || slices.Contains(parts, "") {
		return "", "", false
	}
	normArch := func(a string) string {
		switch a {
		case "x86_64", "x86-64", "amd64":
			return "amd64"
		case "aarch64", "arm64":
			return "arm64"
		case "armhf", "armel", "arm":
			return "arm"
		case "i386", "i686", "386":
			return "386"
		}
		return a
	}
	normOS := func(o string) string {
		if o == "macos" {
			return "darwin"
		}
		return o
	}
	if len(parts) == 1 {
		switch p := normOS(parts[0]); p {
		case "linux", "windows", "darwin", "freebsd", "netbsd", "openbsd", "solaris", "illumos", "aix", "plan9", "android", "ios", "dragonfly", "js", "wasip1":
			return p, dockerfile.AssumedArch, true
		default:
			return dockerfile.AssumedOS, normArch(p), true
		}
	}
	return normOS(parts[0]), normArch(parts[1]), true
}

func validateUsedOnce(c instructions.Command, t *tracker, lint *linter.Linter) {
	if t.set {
		// The earlier one is reported: it is the one that has no effect.
		lint.Run(&linter.RuleMultipleInstructionsDisallowed, t.loc, linter.RuleMultipleInstructionsDisallowed.Format(c.Name()))
	}
	t.loc, t.set = c.Location(), true
}

var (
	secretsDeny  = regexp.MustCompile(`(?i)(?:_|^)(?:apikey|auth|credential|credentials|key|password|pword|passwd|secret|token)(?:_|$)`)
	secretsAllow = regexp.MustCompile(`(?i)(?:_|^)(?:public|file|version)(?:_|$)`)
)

func validateNoSecretKey(instruction, key string, loc []parser.Range, lint *linter.Linter) {
	if secretsDeny.MatchString(key) && !secretsAllow.MatchString(key) {
		lint.Run(&linter.RuleSecretsUsedInArgOrEnv, loc, linter.RuleSecretsUsedInArgOrEnv.Format(instruction, key))
	}
}

// validateCopySourcePath reports a COPY or ADD source the .dockerignore
// excludes. Without exceptions (! lines) it is BuildKit's check; with them
// (an allow list, which BuildKit leaves alone) see excludedWithExceptions.
func validateCopySourcePath(src, cmd string, pm *patternmatcher.PatternMatcher, ctx fs.FS, loc []parser.Range, lint *linter.Linter) error {
	if pm == nil {
		return nil
	}
	if pm.Exclusions() {
		if excludedWithExceptions(src, pm, ctx) {
			lint.Run(&linter.RuleCopyIgnoredFile, loc, linter.RuleCopyIgnoredFile.Format(cmd, path.Clean(filepath.ToSlash(src))))
		}
		return nil
	}
	src = filepath.ToSlash(filepath.Clean(src))
	if src == "." || src == "/" {
		if !copySourceRootIgnored(pm) {
			return nil
		}
	}
	ok, err := pm.MatchesOrParentMatches(src)
	if err != nil {
		return err
	}
	if ok {
		lint.Run(&linter.RuleCopyIgnoredFile, loc, linter.RuleCopyIgnoredFile.Format(cmd, src))
	}
	return nil
}

// compileIgnore builds the matcher of a .dockerignore, compiling every
// pattern now: patternmatcher compiles them on first use, so a pattern
// that is no valid glob ("[") would otherwise fail in the middle of a
// check, as an error about the Dockerfile.
func compileIgnore(ig *Ignore) (*patternmatcher.PatternMatcher, error) {
	pm, err := patternmatcher.New(ig.Patterns)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", ig.Name, err)
	}
	for _, p := range ig.Patterns {
		one, err := patternmatcher.New([]string{strings.TrimPrefix(p, "!")})
		if err == nil {
			_, err = one.MatchesOrParentMatches("x")
		}
		if err != nil {
			return nil, fmt.Errorf("%s: pattern %q: %v", ig.Name, p, err)
		}
	}
	return pm, nil
}

// excludedWithExceptions reports whether a .dockerignore with exceptions
// leaves out everything src names. A source the patterns leave out is
// reported when it is a file, or a directory of the context nothing below
// which is let in. Without the context at hand, a name with an extension is
// taken for a file, and another name is reported only when no exception can
// reach below it. Wildcard sources and the whole context are not judged.
func excludedWithExceptions(src string, pm *patternmatcher.PatternMatcher, ctx fs.FS) bool {
	src = path.Clean(strings.TrimPrefix(filepath.ToSlash(src), "/"))
	if src == "." || strings.ContainsAny(src, `*?[\`) || strings.HasPrefix(src, "../") {
		return false
	}
	if out, err := pm.MatchesOrParentMatches(src); err != nil || !out {
		return false
	}
	if ctx != nil {
		if info, err := fs.Stat(ctx, src); err == nil {
			if !info.IsDir() {
				return true
			}
			return !letsInBelow(ctx, src, pm)
		}
	}
	if path.Ext(src) != "" {
		return true // a file name: nothing lies below it
	}
	for _, p := range pm.Patterns() {
		if p.Exclusion() && reachesBelow(p.String(), src) {
			return false
		}
	}
	return true
}

// letsInBelow reports whether the patterns let in any file below dir of
// the context.
func letsInBelow(ctx fs.FS, dir string, pm *patternmatcher.PatternMatcher) bool {
	found := false
	_ = fs.WalkDir(ctx, dir, func(name string, d fs.DirEntry, err error) error {
		if err != nil || found {
			return fs.SkipAll
		}
		if !d.IsDir() {
			if out, err := pm.MatchesOrParentMatches(name); err == nil && !out {
				found = true
				return fs.SkipAll
			}
		}
		return nil
	})
	return found
}

// reachesBelow reports whether a pattern can match a path below dir.
func reachesBelow(pattern, dir string) bool {
	pe, de := strings.Split(pattern, "/"), strings.Split(dir, "/")
	for i, d := range de {
		if i >= len(pe) {
			return false
		}
		if pe[i] == "**" {
			return true
		}
		if ok, err := path.Match(pe[i], d); err != nil || !ok {
			return false
		}
	}
	return len(pe) > len(de)
}

func copySourceRootIgnored(pm *patternmatcher.PatternMatcher) bool {
	for _, p := range pm.Patterns() {
		if p.Exclusion() {
			continue
		}
		switch p.String() {
		case "*", "**", "**/*":
			return true
		}
	}
	return false
}

// checkPort checks one EXPOSE port ([ip:][hostPort:]port[/proto]) as
// BuildKit does; a port BuildKit rejects is an error.
func checkPort(raw string, loc []parser.Range, lint *linter.Linter) error {
	var ip, hostPort, port string
	parts := strings.Split(raw, ":")
	switch n := len(parts); n {
	case 1:
		port = parts[0]
	case 2:
		hostPort, port = parts[0], parts[1]
	default:
		ip, hostPort, port = strings.Join(parts[:n-2], ":"), parts[n-2], parts[n-1]
	}
	port, proto, _ := strings.Cut(port, "/")
	switch strings.ToLower(proto) {
	case "", "tcp", "udp", "sctp":
	default:
		return fmt.Errorf("invalid port %q: invalid proto: %s", raw, proto)
	}
	if port == "" {
		return fmt.Errorf("invalid port %q: no port specified", raw)
	}
	if proto != strings.ToLower(proto) {
		lint.Run(&linter.RuleExposeProtoCasing, loc, linter.RuleExposeProtoCasing.Format(raw))
	}
	if ip != "" || hostPort != "" {
		lint.Run(&linter.RuleExposeInvalidFormat, loc, linter.RuleExposeInvalidFormat.Format(raw))
	}
	start, end, ok := strings.Cut(port, "-")
	for i, p := range []string{start, end} {
		if i == 1 && !ok {
			break
		}
		if n, err := strconv.Atoi(p); err != nil || n < 0 || n > 65535 {
			return fmt.Errorf("invalid containerPort: %s", port)
		}
	}
	return nil
}

// referenceRE is the grammar of an image reference (distribution/reference):
// a lower-case name with an optional domain, an optional tag, an optional
// digest.
var referenceRE = func() *regexp.Regexp {
	alnum := `[a-z0-9]+`
	sep := `(?:[._]|__|[-]+)`
	component := alnum + `(?:` + sep + alnum + `)*`
	domainComponent := `(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])`
	domain := `(?:` + domainComponent + `(?:\.` + domainComponent + `)*|\[[a-fA-F0-9:]+\])(?::[0-9]+)?`
	name := `(?:` + domain + `/)?` + component + `(?:/` + component + `)*`
	tag := `[\w][\w.-]{0,127}`
	digest := `[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}`
	return regexp.MustCompile(`^` + name + `(?::` + tag + `)?(?:@` + digest + `)?$`)
}()

// validateBaseImagesWithDefaultArgs checks that every FROM gives a valid
// image reference with the build arguments' defaults alone.
func (r *runner) validateBaseImagesWithDefaultArgs(global *dockerfile.Env) {
	for _, st := range r.doc.stages {
		m, err := r.doc.lex.ProcessWordWithMatches(st.BaseName, global)
		if err != nil {
			return
		}
		if !referenceRE.MatchString(m.Result) || len(m.Result) > 255 {
			r.lint.Run(&linter.RuleInvalidDefaultArgInFrom, st.Location, linter.RuleInvalidDefaultArgInFrom.Format(st.BaseName))
		}
	}
}
