package lint

import (
	"maps"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"

	"github.com/dockgen/dockgen/internal/dockerfile"
)

// This file builds what the Go rules look at: the stages with their bases
// and the stages they read from, which stages are final images, and every
// RUN that runs go build or go mod download with the environment it runs in.

// stage is one FROM and what the Go rules know about it.
type stage struct {
	index int
	st    *instructions.Stage
	// image is the base with the global build arguments' defaults expanded;
	// resolved is false when a variable in it has no default.
	image    string
	resolved bool
	// parent is the earlier stage FROM names, nil for an image.
	parent *stage
	// deps are the stages COPY --from and RUN --mount=from= read.
	deps  []*stage
	final bool
	// steps are the RUNs of this stage that run go.
	steps []*goStep
}

// label names the stage in a message: "final stage api", or "the final
// stage" when it has no name.
func (s *stage) label(kind string) string {
	if s.st.Name != "" {
		return kind + " stage " + s.st.Name
	}
	return "the " + kind + " stage"
}

// line is the line of the FROM.
func (s *stage) line() int { return s.st.Location[0].Start.Line }

// root returns the stage that starts from an image.
func (s *stage) root() *stage {
	for s.parent != nil {
		s = s.parent
	}
	return s
}

// chain returns the stages from the root to s: their instructions run in
// that order.
func (s *stage) chain() []*stage {
	var out []*stage
	for c := s; c != nil; c = c.parent {
		out = append(out, c)
	}
	slices.Reverse(out)
	return out
}

// commands returns every instruction that runs in s, its parents' first.
func (s *stage) commands() []instructions.Command {
	var out []instructions.Command
	for _, c := range s.chain() {
		out = append(out, c.st.Commands...)
	}
	return out
}

// feeding returns s and every stage it reads from, directly or not.
func (s *stage) feeding() []*stage {
	var out []*stage
	var visit func(*stage)
	visit = func(x *stage) {
		if slices.Contains(out, x) {
			return
		}
		out = append(out, x)
		if x.parent != nil {
			visit(x.parent)
		}
		for _, d := range x.deps {
			visit(d)
		}
	}
	visit(s)
	return out
}

// goStep is a RUN that runs go build (or a local go install) or go mod
// download.
type goStep struct {
	stage  *stage
	run    *instructions.RunCommand
	script string
	// build and download say what the step runs.
	build, download bool
	mounts          []*instructions.Mount
	// vars is the environment the step runs with: ENV and ARG values of
	// its stage and parents, then assignments in the script itself.
	vars map[string]string
	// args are the build arguments the stage declared before the step.
	args map[string]bool
}

func (g *goStep) line() int { return g.run.Location()[0].Start.Line }

var (
	goBuildRE    = regexp.MustCompile(`(?:^|[\s;&|(])go\s+build\b`)
	goInstallRE  = regexp.MustCompile(`(?:^|[\s;&|(])go\s+install\b([^;&|\n]*)`)
	goDownloadRE = regexp.MustCompile(`(?:^|[\s;&|(])go\s+mod\s+download\b`)
)

// script returns the text a RUN runs: the shell command or the exec
// arguments, and any here-documents.
func script(c *instructions.ShellDependantCmdLine) string {
	var b strings.Builder
	b.WriteString(strings.Join(c.CmdLine, " "))
	for _, f := range c.Files {
		b.WriteString("\n")
		b.WriteString(f.Data)
	}
	return b.String()
}

// runsGoBuild reports whether a script builds a Go binary: go build, or a
// go install of local packages (not of a tool at a version).
func runsGoBuild(s string) bool {
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

// inlineVars are the variables the Go rules read from a script.
var inlineVars = []string{"CGO_ENABLED", "GOOS", "GOARCH", "GOFLAGS", "GOCACHE", "GOMODCACHE", "GOPATH", "GOTOOLCHAIN"}

// model builds the stages and the go steps of d.
func (d *doc) model() []*stage {
	var stages []*stage
	byName := map[string]*stage{}
	for i := range d.stages {
		st := &d.stages[i]
		res, err := d.lex.ProcessWordWithMatches(st.BaseName, d.global)
		s := &stage{index: i, st: st, image: res.Result, resolved: err == nil && len(res.Unmatched) == 0}
		if err != nil {
			s.image = st.BaseName
		}
		if p, ok := byName[s.image]; ok {
			s.parent = p
		}
		stages = append(stages, s)
		if st.Name != "" {
			byName[strings.ToLower(st.Name)] = s
		}
	}
	linkDeps(stages, byName)
	images := make([]string, len(stages))
	for i, s := range stages {
		images[i] = s.image
	}
	for i, final := range dockerfile.FinalStages(d.stages, images) {
		stages[i].final = final
	}
	for _, s := range stages {
		d.findSteps(s)
	}
	return stages
}

// linkDeps records the stages each stage reads from with COPY --from and
// RUN --mount=from=, by name or index.
func linkDeps(stages []*stage, byName map[string]*stage) {
	ref := func(s *stage, from string) {
		var dep *stage
		if n, err := strconv.Atoi(from); err == nil && n >= 0 && n < s.index {
			dep = stages[n]
		} else if p, ok := byName[strings.ToLower(from)]; ok && p.index < s.index {
			dep = p
		}
		if dep != nil && !slices.Contains(s.deps, dep) {
			s.deps = append(s.deps, dep)
		}
	}
	for _, s := range stages {
		for _, cmd := range s.st.Commands {
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

// findSteps finds the go steps of s, with the environment each runs in,
// as written: values keep their variables ($TARGETARCH stays $TARGETARCH).
func (d *doc) findSteps(s *stage) {
	vars := map[string]string{}
	args := map[string]bool{}
	for _, c := range s.chain() {
		for _, cmd := range c.st.Commands {
			switch cmd := cmd.(type) {
			case *instructions.EnvCommand:
				for _, kv := range cmd.Env {
					vars[kv.Key] = kv.Value
				}
			case *instructions.ArgCommand:
				for _, kv := range cmd.Args {
					args[kv.Key] = true
					if kv.Value != nil {
						vars[kv.Key] = *kv.Value
					} else if v, ok := d.global.Get(kv.Key); ok && !platformArgs[kv.Key] {
						vars[kv.Key] = v
					}
				}
			case *instructions.RunCommand:
				if c != s {
					continue
				}
				text := script(&cmd.ShellDependantCmdLine)
				g := &goStep{stage: s, run: cmd, script: text, build: runsGoBuild(text), download: goDownloadRE.MatchString(text)}
				if !g.build && !g.download {
					continue
				}
				g.mounts = instructions.GetMounts(cmd)
				g.vars = maps.Clone(vars)
				for _, k := range inlineVars {
					if v, ok := dockerfile.Assignment(text, k); ok {
						g.vars[k] = v
					}
				}
				g.args = maps.Clone(args)
				s.steps = append(s.steps, g)
			}
		}
	}
}

// platformArgs are the build arguments BuildKit predefines.
var platformArgs = map[string]bool{}

func init() {
	for _, k := range defaultArgs("").Keys() {
		platformArgs[k] = true
	}
}

var varRefRE = regexp.MustCompile(`^\$\{?(\w+)\}?$`)

// value returns a variable of the step's environment, with a value that is
// just another variable ($CGO) resolved once.
func (g *goStep) value(key string) string {
	v := g.vars[key]
	if m := varRefRE.FindStringSubmatch(v); m != nil {
		if w, ok := g.vars[m[1]]; ok && m[1] != key {
			return w
		}
	}
	return v
}

// mapEnv adapts a map to shell.EnvGetter.
type mapEnv map[string]string

func (m mapEnv) Get(k string) (string, bool) { v, ok := m[k]; return v, ok }

func (m mapEnv) Keys() []string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// isScratch reports whether an image is the empty image.
func isScratch(image string) bool { return image == "scratch" }

// isStatic reports whether an image has no C library: scratch, or a
// distroless or Chainguard static image.
func isStatic(image string) bool {
	repo, _, _ := dockerfile.SplitImage(image)
	return isScratch(image) || strings.HasPrefix(repo, "gcr.io/distroless/static") || strings.HasPrefix(repo, "cgr.dev/chainguard/static")
}

// hasNoShell reports whether an image has no /bin/sh.
func hasNoShell(image string) bool {
	repo, tag, _ := dockerfile.SplitImage(image)
	switch {
	case isScratch(image):
		return true
	case strings.HasPrefix(repo, "gcr.io/distroless/"):
		return !strings.Contains(tag, "debug")
	case strings.HasPrefix(repo, "cgr.dev/chainguard/static"):
		return true
	}
	return false
}

// runsAsNonroot reports whether an image runs as a numeric non-root user
// without a USER instruction: the distroless :nonroot images (65532).
func runsAsNonroot(image string) bool {
	repo, tag, _ := dockerfile.SplitImage(image)
	return strings.HasPrefix(repo, "gcr.io/distroless/") && strings.Contains(tag, "nonroot") ||
		strings.HasPrefix(repo, "cgr.dev/chainguard/")
}

// cleanSource cleans a COPY source path of the build context.
func cleanSource(src string) string {
	return path.Clean(strings.TrimPrefix(strings.ReplaceAll(src, `\`, "/"), "/"))
}

// isWholeContext reports whether a COPY source is the whole build context.
func isWholeContext(src string) bool {
	switch cleanSource(src) {
	case ".", "*", "/", "":
		return true
	}
	return false
}

// moduleFile reports whether a COPY source names go.mod, go.sum or both
// (a glob like go.*).
func moduleFile(src string) (mod, sum bool) {
	base := path.Base(cleanSource(src))
	mod, _ = path.Match(base, "go.mod")
	sum, _ = path.Match(base, "go.sum")
	return mod, sum
}

// isModuleOnly reports whether a COPY source carries only module files
// (go.mod, go.sum, go.work, go.work.sum), not code.
func isModuleOnly(src string) bool {
	switch path.Base(cleanSource(src)) {
	case "go.mod", "go.sum", "go.work", "go.work.sum", "go.*", "go.mod*", "go.sum*":
		return true
	}
	return false
}
