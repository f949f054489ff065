package dockerfile

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/moby/buildkit/frontend/dockerfile/shell"
)

// This file builds the one model of a Dockerfile that check (through
// Facts) and lint read: the stages with their bases, the stages they read
// from and which are final images, and every RUN that runs go build or go
// mod download with the environment it runs in.

// File is a Dockerfile read with BuildKit's parser.
type File struct {
	// Stages are the stages in order.
	Stages []*Stage
	// MetaArgs are the ARGs before the first FROM.
	MetaArgs []instructions.ArgCommand
	// Global holds the predefined build arguments and the global ARGs with
	// their defaults expanded.
	Global *Env
	// Lex expands words with the file's escape character.
	Lex *shell.Lex
}

// Stage is one FROM and what dockgen knows about it.
type Stage struct {
	// Name is the stage name, "" when it has none.
	Name string
	// Image is the base with the global build arguments' defaults
	// expanded; Resolved is false when a variable in it has no default.
	Image    string
	Resolved bool
	// Line is the line of the FROM.
	Line int
	// Final reports whether the stage is an image of its own: the last
	// stage, or one that no later stage builds on (FROM), copies from (COPY
	// --from) or mounts (RUN --mount=from=), and that runs something
	// (ENTRYPOINT or CMD).
	Final bool
	// Ports are the ports of the stage's EXPOSE lines.
	Ports []int
	// Index is the stage's place, from 0.
	Index int
	// Parsed is the stage as BuildKit parsed it.
	Parsed *instructions.Stage
	// Parent is the earlier stage FROM names, nil for an image.
	Parent *Stage
	// Deps are the stages COPY --from and RUN --mount=from= read.
	Deps []*Stage
	// Steps are the RUNs of this stage that run go.
	Steps []*GoStep
}

// Parse reads a Dockerfile and builds its model; errors name the file and
// line.
func Parse(name string, data []byte) (*File, error) {
	if err := CheckText(name, data); err != nil {
		return nil, err
	}
	res, err := parser.Parse(bytes.NewReader(data))
	if err != nil {
		return nil, Located(name, err)
	}
	stages, metaArgs, err := instructions.Parse(res.AST, nil)
	if err != nil {
		return nil, Located(name, err)
	}
	f, err := New(stages, metaArgs, res.EscapeToken)
	if err != nil {
		return nil, Located(name, err)
	}
	return f, nil
}

// Located formats a BuildKit error as one line, FILE:LINE: message (FILE:
// message when it has no location).
func Located(name string, err error) error {
	var le *parser.LocationError
	if errors.As(err, &le) && len(le.Locations) > 0 && len(le.Locations[0]) > 0 {
		msg := err.Error()
		if inner := le.Unwrap(); inner != nil {
			msg = inner.Error()
		}
		return fmt.Errorf("%s:%d: %s", name, le.Locations[0][0].Start.Line, OneLine(msg))
	}
	return fmt.Errorf("%s: %s", name, OneLine(err.Error()))
}

// OneLine joins the lines of a message, so that an error stays one line.
func OneLine(msg string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(msg, "\n", " ")), " ")
}

// New builds the model of parsed instructions; escape is the file's escape
// character. An error (a global ARG default that cannot be expanded)
// carries its location.
func New(stages []instructions.Stage, metaArgs []instructions.ArgCommand, escape rune) (*File, error) {
	f := &File{MetaArgs: metaArgs, Lex: shell.NewLex(escape)}
	target := ""
	if len(stages) > 0 {
		target = stages[len(stages)-1].Name
	}
	var err error
	if f.Global, err = globalArgs(metaArgs, f.Lex, target); err != nil {
		return nil, err
	}
	byName := map[string]*Stage{}
	for i := range stages {
		st := &stages[i]
		readMounts(st.Commands)
		res, err := f.Lex.ProcessWordWithMatches(st.BaseName, f.Global)
		s := &Stage{Name: st.Name, Index: i, Parsed: st, Line: st.Location[0].Start.Line, Image: res.Result, Resolved: err == nil && len(res.Unmatched) == 0}
		if err != nil {
			s.Image = st.BaseName
		}
		s.Parent = byName[strings.ToLower(s.Image)]
		s.Ports = exposed(st.Commands)
		f.Stages = append(f.Stages, s)
		if st.Name != "" {
			byName[strings.ToLower(st.Name)] = s
		}
	}
	linkDeps(f.Stages, byName)
	markFinals(f.Stages)
	for _, s := range f.Stages {
		f.findSteps(s)
	}
	return f, nil
}

// readMounts reads the --mount flags of RUNs with their words as written:
// until the words are expanded, BuildKit reads only from=. A flag that
// does not read keeps the mounts BuildKit has; lint's build checks report
// it in their order, and a build would fail on it.
func readMounts(cmds []instructions.Command) {
	for _, cmd := range cmds {
		if run, ok := cmd.(*instructions.RunCommand); ok {
			_ = run.Expand(func(word string) (string, error) { return word, nil })
		}
	}
}

// linkDeps records the stages each stage reads from with COPY --from and
// RUN --mount=from=, by name or index.
func linkDeps(stages []*Stage, byName map[string]*Stage) {
	ref := func(s *Stage, from string) {
		var dep *Stage
		if n, err := strconv.Atoi(from); err == nil && n >= 0 && n < s.Index {
			dep = stages[n]
		} else if p, ok := byName[strings.ToLower(from)]; ok && p.Index < s.Index {
			dep = p
		}
		if dep != nil && !slices.Contains(s.Deps, dep) {
			s.Deps = append(s.Deps, dep)
		}
	}
	for _, s := range stages {
		for _, cmd := range s.Parsed.Commands {
			switch c := cmd.(type) {
			case *instructions.CopyCommand:
				if c.From != "" {
					ref(s, c.From)
				}
			case *instructions.RunCommand:
				for _, m := range instructions.GetMounts(c) {
					if m.From != "" {
						ref(s, m.From)
					}
				}
			}
		}
	}
}

// markFinals sets Final: the last stage, and every stage no later stage
// reads from that runs something (ENTRYPOINT or CMD).
func markFinals(stages []*Stage) {
	referenced := map[*Stage]bool{}
	for _, s := range stages {
		if s.Parent != nil {
			referenced[s.Parent] = true
		}
		for _, d := range s.Deps {
			referenced[d] = true
		}
	}
	for i, s := range stages {
		runs := slices.ContainsFunc(s.Parsed.Commands, func(c instructions.Command) bool {
			switch c.(type) {
			case *instructions.EntrypointCommand, *instructions.CmdCommand:
				return true
			}
			return false
		})
		s.Final = i == len(stages)-1 || !referenced[s] && runs
	}
}

// exposed returns the ports of a stage's EXPOSE lines.
func exposed(cmds []instructions.Command) []int {
	var ports []int
	for _, cmd := range cmds {
		if c, ok := cmd.(*instructions.ExposeCommand); ok {
			for _, p := range c.Ports {
				p, _, _ = strings.Cut(p, "/")
				if n, err := strconv.Atoi(p); err == nil {
					ports = append(ports, n)
				}
			}
		}
	}
	return ports
}

// Root returns the stage that starts from an image.
func (s *Stage) Root() *Stage {
	for s.Parent != nil {
		s = s.Parent
	}
	return s
}

// Chain returns the stages from the root to s: their instructions run in
// that order.
func (s *Stage) Chain() []*Stage {
	var out []*Stage
	for c := s; c != nil; c = c.Parent {
		out = append(out, c)
	}
	slices.Reverse(out)
	return out
}

// Commands returns every instruction that runs in s, its parents' first.
func (s *Stage) Commands() []instructions.Command {
	var out []instructions.Command
	for _, c := range s.Chain() {
		out = append(out, c.Parsed.Commands...)
	}
	return out
}

// Feeding returns s and every stage it reads from, directly or not.
func (s *Stage) Feeding() []*Stage {
	var out []*Stage
	var visit func(*Stage)
	visit = func(x *Stage) {
		if slices.Contains(out, x) {
			return
		}
		out = append(out, x)
		if x.Parent != nil {
			visit(x.Parent)
		}
		for _, d := range x.Deps {
			visit(d)
		}
	}
	visit(s)
	return out
}

// VersionArg returns the global ARG whose default sets the tag of a
// stage's FROM (the last one declared, when several do), nil when the tag
// is written in the FROM itself.
func (f *File) VersionArg(s *Stage) *instructions.ArgCommand {
	_, rawTag, _ := SplitImage(s.Parsed.BaseName)
	var found *instructions.ArgCommand
	for i := range f.MetaArgs {
		a := &f.MetaArgs[i]
		for _, kv := range a.Args {
			if kv.Value != nil && (strings.Contains(rawTag, "$"+kv.Key) || strings.Contains(rawTag, "${"+kv.Key)) {
				found = a
			}
		}
	}
	return found
}

// GoStep is a RUN that runs go build (or a local go install) or go mod
// download.
type GoStep struct {
	Stage  *Stage
	Run    *instructions.RunCommand
	Script string
	// Build and Download say what the step runs.
	Build, Download bool
	Mounts          []*instructions.Mount
	// Vars is the environment the step runs with, as written ($TARGETARCH
	// stays $TARGETARCH): ENV and ARG values of its stage and parents,
	// then assignments in the script itself. VarLines says on which line
	// each was set.
	Vars     map[string]string
	VarLines map[string]int
	// Args are the build arguments the stage declared before the step.
	Args map[string]bool
	// Packages are the package arguments of its go build ("./cmd/api").
	Packages []string
}

// Line is the line of the RUN.
func (g *GoStep) Line() int { return g.Run.Location()[0].Start.Line }

var (
	goBuildRE    = regexp.MustCompile(`(?:^|[\s;&|(])go\s+build\b`)
	goInstallRE  = regexp.MustCompile(`(?:^|[\s;&|(])go\s+install\b([^;&|\n]*)`)
	goDownloadRE = regexp.MustCompile(`(?:^|[\s;&|(])go\s+mod\s+download\b`)
)

// Script returns the text a RUN runs: the shell command or the exec
// arguments, and any here-documents.
func Script(c *instructions.RunCommand) string {
	var b strings.Builder
	b.WriteString(strings.Join(c.CmdLine, " "))
	for _, f := range c.Files {
		b.WriteString("\n")
		b.WriteString(f.Data)
	}
	return b.String()
}

// RunsGoBuild reports whether a script builds a Go binary: go build, or a
// go install of local packages (not of a tool at a version).
func RunsGoBuild(s string) bool {
	if goBuildRE.MatchString(s) {
		return true
	}
	for _, m := range goInstallRE.FindAllStringSubmatch(s, -1) {
		if !strings.Contains(m[1], "@") {
			return true
		}
	}
	return false
}

// RunsGoDownload reports whether a script runs go mod download.
func RunsGoDownload(s string) bool { return goDownloadRE.MatchString(s) }

// inlineVars are the variables read from assignments in a script.
var inlineVars = []string{"CGO_ENABLED", "GOOS", "GOARCH", "GOFLAGS", "GOCACHE", "GOMODCACHE", "GOPATH", "GOTOOLCHAIN"}

// findSteps finds the go steps of s, with the environment each runs in.
func (f *File) findSteps(s *Stage) {
	vars := map[string]string{}
	lines := map[string]int{}
	args := map[string]bool{}
	for _, c := range s.Chain() {
		for _, cmd := range c.Parsed.Commands {
			line := cmd.Location()[0].Start.Line
			switch cmd := cmd.(type) {
			case *instructions.EnvCommand:
				for _, kv := range cmd.Env {
					vars[kv.Key], lines[kv.Key] = kv.Value, line
				}
			case *instructions.ArgCommand:
				for _, kv := range cmd.Args {
					args[kv.Key] = true
					if kv.Value != nil {
						vars[kv.Key], lines[kv.Key] = *kv.Value, line
					} else if v, ok := f.Global.Get(kv.Key); ok && !platformArgs[kv.Key] {
						vars[kv.Key], lines[kv.Key] = v, line
					}
				}
			case *instructions.RunCommand:
				if c == s {
					s.addStep(cmd, vars, lines, args)
				}
			}
		}
	}
}

// addStep records run as a go step of s when it runs go, in the
// environment so far.
func (s *Stage) addStep(run *instructions.RunCommand, vars map[string]string, lines map[string]int, args map[string]bool) {
	text := Script(run)
	g := &GoStep{Stage: s, Run: run, Script: text, Build: RunsGoBuild(text), Download: RunsGoDownload(text)}
	if !g.Build && !g.Download {
		return
	}
	g.Mounts = instructions.GetMounts(run)
	g.Vars, g.VarLines = maps.Clone(vars), maps.Clone(lines)
	for _, k := range inlineVars {
		if v, ok := Assignment(text, k); ok {
			g.Vars[k], g.VarLines[k] = v, g.Line()
		}
	}
	g.Args = maps.Clone(args)
	g.Packages = buildPackages(text)
	s.Steps = append(s.Steps, g)
}

// buildPackages returns the package arguments of the first go build in a
// script: the words that start with a dot, the flags and their values
// skipped.
func buildPackages(script string) []string {
	loc := goBuildRE.FindStringIndex(script)
	if loc == nil {
		return nil
	}
	after := script[loc[1]:]
	if i := strings.IndexAny(after, "&;|\n"); i >= 0 {
		after = after[:i]
	}
	var out []string
	words := strings.Fields(after)
	for i := 0; i < len(words); i++ {
		w := words[i]
		if strings.HasPrefix(w, "-") {
			if !strings.Contains(w, "=") && takesValue(w) {
				i++ // skip the flag's value
			}
			continue
		}
		if strings.HasPrefix(w, ".") {
			out = append(out, w)
		}
	}
	return out
}

// takesValue reports whether a go build flag given without = takes the next word.
func takesValue(flag string) bool {
	switch strings.TrimLeft(flag, "-") {
	case "o", "ldflags", "gcflags", "tags", "mod", "p", "asmflags", "buildmode", "compiler", "gccgoflags", "installsuffix", "modfile", "overlay", "pgo", "pkgdir", "toolexec", "buildvcs", "C":
		return true
	}
	return false
}

var varRefRE = regexp.MustCompile(`^\$\{?(\w+)\}?$`)

// Value returns a variable of the step's environment, with a value that is
// just another variable ($CGO) resolved once.
func (g *GoStep) Value(key string) string {
	v := g.Vars[key]
	if m := varRefRE.FindStringSubmatch(v); m != nil {
		if w, ok := g.Vars[m[1]]; ok && m[1] != key {
			return w
		}
	}
	return v
}

// Cgo says whether a go build runs with cgo off.
type Cgo struct {
	// Off reports that it does.
	Off bool
	// Line is the line that turns it off.
	Line int
	// Why says what turns it off: "CGO_ENABLED=0", or the image without a
	// C compiler.
	Why string
}

// Cgo reports whether a go build step runs with cgo off: CGO_ENABLED=0 in
// its environment (at the line that sets it), or CGO_ENABLED unset on an
// alpine image with no C compiler installed before the step (go turns cgo
// off when it finds no compiler; at the image's FROM). It is the one rule
// check and lint read.
func (g *GoStep) Cgo() Cgo {
	switch g.Value("CGO_ENABLED") {
	case "0":
		return Cgo{Off: true, Line: g.VarLines["CGO_ENABLED"], Why: "CGO_ENABLED=0"}
	case "1":
		return Cgo{}
	}
	root := g.Stage.Root()
	if !strings.Contains(root.Image, "alpine") || g.installsCC() {
		return Cgo{}
	}
	return Cgo{Off: true, Line: root.Line, Why: root.Image + " has no C compiler, so go builds with cgo off"}
}

// installsCC reports whether an apk add of gcc or build-base runs before g.
func (g *GoStep) installsCC() bool {
	installs := false
	g.Before(func(cmd instructions.Command) {
		if c, ok := cmd.(*instructions.RunCommand); ok {
			s := Script(c)
			if strings.Contains(s, "apk") && (strings.Contains(s, "gcc") || strings.Contains(s, "build-base")) {
				installs = true
			}
		}
	})
	return installs
}

// Before calls fn for each instruction that runs in g's stage before g.
func (g *GoStep) Before(fn func(instructions.Command)) {
	for _, cmd := range g.Stage.Commands() {
		if cmd == instructions.Command(g.Run) {
			return
		}
		fn(cmd)
	}
}

// ContextMounts returns the bind mounts of the build context in a step.
func (g *GoStep) ContextMounts() []*instructions.Mount {
	var out []*instructions.Mount
	for _, m := range g.Mounts {
		if m.Type == instructions.MountTypeBind && m.From == "" {
			out = append(out, m)
		}
	}
	return out
}

// ModuleCache returns where the step's module cache is: GOMODCACHE, else
// under GOPATH, else where the golang images keep it.
func (g *GoStep) ModuleCache() string {
	if v := g.Vars["GOMODCACHE"]; v != "" {
		return path.Clean(v)
	}
	if v := g.Vars["GOPATH"]; v != "" {
		return path.Join(v, "pkg/mod")
	}
	return "/go/pkg/mod"
}

// BuildCache returns where the step's build cache is: GOCACHE, else root's
// cache directory.
func (g *GoStep) BuildCache() string {
	if v := g.Vars["GOCACHE"]; v != "" {
		return path.Clean(v)
	}
	return "/root/.cache/go-build"
}

// hasCache reports whether the step mounts a cache at want. When the
// variable that moves the cache (GOCACHE, GOMODCACHE) is not set, a
// target that is clearly the same cache elsewhere counts too.
func (g *GoStep) hasCache(want, variable string, suffixes ...string) bool {
	for _, m := range g.Mounts {
		if m.Type != instructions.MountTypeCache {
			continue
		}
		t := path.Clean(m.Target)
		if t == want || strings.Contains(m.Target, "$"+variable) || strings.Contains(m.Target, "${"+variable) {
			return true
		}
		if g.Vars[variable] != "" {
			continue
		}
		for _, s := range suffixes {
			if strings.HasSuffix(t, s) {
				return true
			}
		}
	}
	return false
}

// HasModuleCache reports whether the step mounts a cache at its module
// cache.
func (g *GoStep) HasModuleCache() bool {
	return g.hasCache(g.ModuleCache(), "GOMODCACHE", "/pkg/mod")
}

// HasBuildCache reports whether the step mounts a cache at its build cache.
func (g *GoStep) HasBuildCache() bool {
	return g.hasCache(g.BuildCache(), "GOCACHE", "/go-build")
}

// FindGoBuild returns where "go build" is in s, as
// regexp.FindStringIndex; nil when it is not there.
func FindGoBuild(s string) []int { return goBuildRE.FindStringIndex(s) }
