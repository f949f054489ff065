package lint

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/patternmatcher"

	"github.com/dockgen/dockgen/internal/dockerfile"
	"github.com/dockgen/dockgen/internal/txwrite"
)

// goChecks runs dockgen's Go rules, in the order of Rules.
func (r *runner) goChecks() {
	stages := r.doc.file.Stages
	checks := []func([]*dockerfile.Stage){
		r.checkModFilesTogether,
		r.checkModDownloadLayer,
		r.checkCacheMount,
		r.checkToolchainImage,
		r.checkCgoStaticImage,
		r.checkScratchCACerts,
		r.checkTargetPlatform,
		r.checkBuildPlatform,
		r.checkTrimpath,
		r.checkNonRootUser,
		r.checkImageTag,
		r.checkExecForm,
		r.checkGitInContext,
		r.checkBuildSecret,
		r.checkGoVersion,
		r.checkUnpinnedBase,
	}
	for _, check := range checks {
		check(stages)
	}
}

// at reports rule at an instruction, honouring the "# check=" comments
// right above it.
func (r *runner) at(rule *Rule, cmd instructions.Command, format string, args ...any) {
	r.report(rule, cmd.Location(), cmd.Comments(), fmt.Sprintf(format, args...))
}

// atFrom reports rule at the FROM of a stage.
func (r *runner) atFrom(rule *Rule, s *dockerfile.Stage, format string, args ...any) {
	r.report(rule, s.Parsed.Location, s.Parsed.Comments, fmt.Sprintf(format, args...))
}

// allSteps returns every go step, in order.
func allSteps(stages []*dockerfile.Stage) []*dockerfile.GoStep {
	var out []*dockerfile.GoStep
	for _, s := range stages {
		out = append(out, s.Steps...)
	}
	return out
}

// vendored reports whether go build reads modules from vendor/.
func (r *runner) vendored(g *dockerfile.GoStep) bool {
	if m := r.doc.opts.Module; m != nil && m.Vendor {
		return true
	}
	return strings.Contains(g.Script, "-mod=vendor") || strings.Contains(g.Vars["GOFLAGS"], "-mod=vendor")
}

// nothingToDownload reports whether go.mod is known to require nothing.
func (r *runner) nothingToDownload() bool {
	m := r.doc.opts.Module
	return m != nil && m.Requires == 0
}

// checkModFilesTogether: go mod download with go.mod or go.sum alone.
func (r *runner) checkModFilesTogether(stages []*dockerfile.Stage) {
	for _, g := range allSteps(stages) {
		if !g.Download {
			continue
		}
		var mod, sum bool
		note := func(src string) {
			if isWholeContext(src) {
				mod, sum = true, true
				return
			}
			m, s := moduleFile(src)
			mod, sum = mod || m, sum || s
		}
		g.Before(func(cmd instructions.Command) {
			if c, ok := cmd.(*instructions.CopyCommand); ok && c.From == "" {
				for _, src := range c.SourcePaths {
					note(src)
				}
			}
		})
		for _, m := range g.ContextMounts() {
			note(m.Source)
		}
		sumExpected := r.doc.opts.Module == nil || r.doc.opts.Module.HasGoSum
		switch {
		case sum && !mod:
			r.at(ruleGoModFilesTogether, g.Run, "go mod download runs with go.sum but without go.mod: copy or bind both first")
		case mod && !sum && sumExpected:
			r.at(ruleGoModFilesTogether, g.Run, "go mod download runs with go.mod but without go.sum: the downloads are not checked against it; copy or bind both first")
		}
	}
}

// checkModDownloadLayer: sources copied in before the modules are
// downloaded, in a stage that then builds without a module cache mount.
func (r *runner) checkModDownloadLayer(stages []*dockerfile.Stage) {
	if r.nothingToDownload() {
		return
	}
	for _, g := range allSteps(stages) {
		if !g.Build || g.HasModuleCache() || r.vendored(g) {
			continue
		}
		var source instructions.Command
		fetched := false
		g.Before(func(cmd instructions.Command) {
			if source != nil {
				return
			}
			switch c := cmd.(type) {
			case *instructions.RunCommand:
				if dockerfile.RunsGoDownload(dockerfile.Script(c)) {
					fetched = true
				}
			case *instructions.CopyCommand:
				if c.From != "" {
					if copiesModules(c, stages) {
						fetched = true
					}
					return
				}
				for _, src := range c.SourcePaths {
					if !isModuleOnly(src) {
						source = c
					}
				}
			case *instructions.AddCommand:
				for _, src := range c.SourcePaths {
					if !isRemote(src) && !isModuleOnly(src) {
						source = c
					}
				}
			}
		})
		if source != nil && !fetched {
			r.at(ruleGoModDownloadLayer, source, "the sources are copied before the modules are downloaded, so every code change downloads them all again")
		}
	}
}

// copiesModules reports whether a COPY --from brings in downloaded modules:
// the module cache, or anything from a stage that runs go mod download.
func copiesModules(c *instructions.CopyCommand, stages []*dockerfile.Stage) bool {
	for _, src := range c.SourcePaths {
		if strings.Contains(src, "pkg/mod") {
			return true
		}
	}
	for _, s := range stages {
		if strings.EqualFold(s.Name, c.From) {
			for _, g := range s.Steps {
				if g.Download {
					return true
				}
			}
		}
	}
	return false
}

// checkCacheMount: go build or go mod download without cache mounts.
func (r *runner) checkCacheMount(stages []*dockerfile.Stage) {
	for _, g := range allSteps(stages) {
		var missing, cost []string
		if g.Build && !g.HasBuildCache() {
			missing = append(missing, "the build cache ("+g.BuildCache()+")")
			cost = append(cost, "every change compiles all packages again")
		}
		if !g.HasModuleCache() && !r.vendored(g) && !r.nothingToDownload() && (g.Download || !modulesInLayer(g, stages)) {
			missing = append(missing, "the module cache ("+g.ModuleCache()+")")
			cost = append(cost, "every run downloads all modules again")
		}
		if len(missing) == 0 {
			continue
		}
		what := "go build"
		if !g.Build {
			what = "go mod download"
		}
		r.at(ruleGoCacheMount, g.Run, "%s has no cache mount for %s: %s", what, strings.Join(missing, " or "), strings.Join(cost, " and "))
	}
}

// modulesInLayer reports whether an earlier step of g's stage left the
// modules in a layer: a go mod download without a module cache mount, or
// a copy of downloaded modules.
func modulesInLayer(g *dockerfile.GoStep, stages []*dockerfile.Stage) bool {
	in := false
	g.Before(func(cmd instructions.Command) {
		switch c := cmd.(type) {
		case *instructions.RunCommand:
			for _, s := range stages {
				for _, o := range s.Steps {
					if o.Run == c && o.Download && !o.HasModuleCache() {
						in = true
					}
				}
			}
		case *instructions.CopyCommand:
			if c.From != "" && copiesModules(c, stages) {
				in = true
			}
		}
	})
	return in
}

// checkToolchainImage: a final stage built on the golang image.
func (r *runner) checkToolchainImage(stages []*dockerfile.Stage) {
	for _, s := range stages {
		if s.Final && dockerfile.IsGolang(s.Root().Image) {
			r.atFrom(ruleGoToolchainImage, s, "%s ships %s, the whole Go toolchain (about 800 MB): copy the binary into a small final stage", label(s, "final"), s.Root().Image)
		}
	}
}

var extStaticRE = regexp.MustCompile(`-extldflags[= ]+["']?[^"'\s]*-static`)

// checkCgoStaticImage: a binary that may need libc in an image without one.
func (r *runner) checkCgoStaticImage(stages []*dockerfile.Stage) {
	for _, f := range stages {
		if !f.Final || !isStatic(f.Root().Image) {
			continue
		}
		for _, s := range f.Feeding() {
			for _, g := range s.Steps {
				if !g.Build || g.Cgo().Off || extStaticRE.MatchString(g.Script) {
					continue
				}
				state := "unset, so on"
				if v := g.Value("CGO_ENABLED"); v != "" {
					state = v
				}
				r.at(ruleGoCgoStaticImage, g.Run, "go build runs with cgo on (CGO_ENABLED %s) and links dynamically, but %s (%s) has no C library", state, label(f, "final"), f.Root().Image)
			}
		}
	}
}

var (
	certsRE   = regexp.MustCompile(`(?i)ca-certificates|/etc/ssl|ca-bundle|cacert|\bcerts?\b`)
	certsNote = regexp.MustCompile(`(?i)certificate|ca-cert|\btls\b|x509`)
)

// checkScratchCACerts: a scratch final stage with no CA certificates and no
// sign that anyone thought about them.
func (r *runner) checkScratchCACerts(stages []*dockerfile.Stage) {
	d := r.doc
	if txwrite.IsGenerated(d.data) || d.opts.Module != nil && d.opts.Module.EmbedsRoots {
		return // dockgen decided from the code; or the binary embeds the roots
	}
	for i, f := range stages {
		if !f.Final || !isScratch(f.Root().Image) {
			continue
		}
		considered := false
		for _, cmd := range f.Commands() {
			if mentionsCerts(cmd) {
				considered = true
			}
		}
		// A comment in the stage, or in the header, counts as a decision.
		end := len(d.lines)
		if i+1 < len(stages) {
			end = stages[i+1].Line - 1
		}
		for n := 1; n <= end; n++ {
			if n >= d.stages[0].Location[0].Start.Line && n < f.Line {
				continue
			}
			if l := strings.TrimSpace(d.line(n)); strings.HasPrefix(l, "#") && certsNote.MatchString(l) {
				considered = true
			}
		}
		if !considered {
			r.atFrom(ruleGoScratchCACerts, f, "%s is scratch without CA certificates: TLS connections fail with x509 errors", label(f, "final"))
		}
	}
}

// mentionsCerts reports whether an instruction puts CA certificates in
// place: a COPY of certificates or of a prepared root file system, or an
// SSL_CERT_FILE or SSL_CERT_DIR variable.
func mentionsCerts(cmd instructions.Command) bool {
	switch c := cmd.(type) {
	case *instructions.CopyCommand:
		if c.From != "" && path.Clean(c.DestPath) == "/" {
			return true // a prepared root file system
		}
		return certsRE.MatchString(strings.Join(c.SourcePaths, " ") + " " + c.DestPath)
	case *instructions.AddCommand:
		return certsRE.MatchString(strings.Join(c.SourcePaths, " ") + " " + c.DestPath)
	case *instructions.EnvCommand:
		for _, kv := range c.Env {
			if kv.Key == "SSL_CERT_FILE" || kv.Key == "SSL_CERT_DIR" {
				return true
			}
		}
	}
	return false
}

// literal reports whether a value is set without a variable.
func literal(v string) bool { return v != "" && !strings.Contains(v, "$") }

// checkTargetPlatform: GOOS/GOARCH hard-coded, from an undeclared
// TARGETOS/TARGETARCH, or unset on $BUILDPLATFORM.
func (r *runner) checkTargetPlatform(stages []*dockerfile.Stage) {
	for _, g := range allSteps(stages) {
		if !g.Build {
			continue
		}
		goos, goarch := g.Vars["GOOS"], g.Vars["GOARCH"]
		var hard []string
		if literal(goos) {
			hard = append(hard, "GOOS="+goos)
		}
		if literal(goarch) {
			hard = append(hard, "GOARCH="+goarch)
		}
		if len(hard) > 0 {
			r.at(ruleGoTargetPlatform, g.Run, "go build hard-codes %s: an image built for another platform gets a binary that cannot run there", strings.Join(hard, " "))
			continue
		}
		var undeclared []string
		for _, v := range [][2]string{{"GOOS", "TARGETOS"}, {"GOARCH", "TARGETARCH"}} {
			if strings.Contains(g.Vars[v[0]], v[1]) && !g.Args[v[1]] {
				undeclared = append(undeclared, v[1])
			}
		}
		if len(undeclared) > 0 {
			r.at(ruleGoTargetPlatform, g.Run, "go build uses $%s, but the stage does not declare ARG %s: it is empty and go build targets the build machine", strings.Join(undeclared, " and $"), strings.Join(undeclared, " "))
			continue
		}
		if goarch == "" && strings.Contains(g.Stage.Root().Parsed.Platform, "BUILDPLATFORM") {
			r.at(ruleGoTargetPlatform, g.Run, "the build stage runs on $BUILDPLATFORM but go build does not set GOARCH=$TARGETARCH: the binary is built for the build machine")
		}
	}
}

// checkBuildPlatform: a cgo-free build stage that is not on $BUILDPLATFORM.
func (r *runner) checkBuildPlatform(stages []*dockerfile.Stage) {
	reported := map[*dockerfile.Stage]bool{}
	for _, g := range allSteps(stages) {
		root := g.Stage.Root()
		if !g.Build || g.Stage.Final || g.Value("CGO_ENABLED") != "0" || reported[root] {
			continue
		}
		if !strings.Contains(root.Parsed.Platform, "BUILDPLATFORM") {
			reported[root] = true
			r.atFrom(ruleGoBuildPlatform, root, "%s compiles with CGO_ENABLED=0 but runs on the target platform: multi-platform builds emulate the compiler; use FROM --platform=$BUILDPLATFORM", label(root, "build"))
		}
	}
}

// checkTrimpath: go build without -trimpath.
func (r *runner) checkTrimpath(stages []*dockerfile.Stage) {
	for _, g := range allSteps(stages) {
		if g.Build && !strings.Contains(g.Script, "-trimpath") && !strings.Contains(g.Vars["GOFLAGS"], "-trimpath") {
			r.at(ruleGoTrimpath, g.Run, "go build without -trimpath: the binary records paths of the build machine")
		}
	}
}

// checkNonRootUser: final stages that run as root or as a named user.
func (r *runner) checkNonRootUser(stages []*dockerfile.Stage) {
	for _, f := range stages {
		if !f.Final {
			continue
		}
		var user *instructions.UserCommand
		vars := map[string]string{}
		for _, cmd := range f.Commands() {
			switch c := cmd.(type) {
			case *instructions.UserCommand:
				user = c
			case *instructions.ArgCommand:
				for _, kv := range c.Args {
					if kv.Value != nil {
						vars[kv.Key] = *kv.Value
					}
				}
			case *instructions.EnvCommand:
				for _, kv := range c.Env {
					vars[kv.Key] = kv.Value
				}
			}
		}
		image := f.Root().Image
		if user == nil {
			if _, known := knownImageEnv(image); known && !runsAsNonroot(image) {
				r.atFrom(ruleGoNonRootUser, f, "%s runs as root: there is no USER", label(f, "final"))
			}
			continue
		}
		value, _, err := r.doc.lex.ProcessWord(user.User, mapEnv(vars))
		if err != nil || value == "" || strings.Contains(user.User, "$") && value == user.User {
			continue
		}
		name, _, _ := strings.Cut(value, ":")
		switch {
		case name == "root" || name == "0":
			r.at(ruleGoNonRootUser, user, "%s runs as root (USER %s)", label(f, "final"), value)
		case strings.Trim(name, "0123456789") != "":
			r.at(ruleGoNonRootUser, user, "USER %s is a name, not a numeric id: Kubernetes' runAsNonRoot cannot check it (use the numeric uid:gid)", value)
		}
	}
}

// checkImageTag: FROM an image without a tag, or with latest.
func (r *runner) checkImageTag(stages []*dockerfile.Stage) {
	for _, s := range stages {
		if s.Parent != nil || !s.Resolved || isScratch(s.Image) {
			continue
		}
		_, tag, digest := dockerfile.SplitImage(s.Image)
		switch {
		case digest != "":
		case tag == "":
			r.atFrom(ruleGoImageTag, s, "FROM %s has no tag: the build changes whenever the image does", s.Image)
		case tag == "latest":
			r.atFrom(ruleGoImageTag, s, "FROM %s: latest changes whenever a new version is pushed", s.Image)
		}
	}
}

// checkUnpinnedBase (strict only): a final stage FROM an image named by
// tag alone. CWE-1357: what the image holds can change under the same tag.
func (r *runner) checkUnpinnedBase(stages []*dockerfile.Stage) {
	if !r.doc.opts.Strict {
		return
	}
	for _, s := range stages {
		if !s.Final || s.Parent != nil || !s.Resolved || isScratch(s.Image) {
			continue
		}
		if _, _, digest := dockerfile.SplitImage(s.Image); digest == "" {
			r.atFrom(ruleGoUnpinnedBase, s, "%s is FROM %s, a tag without a digest: two builds a week apart can ship different bytes", label(s, "final"), s.Image)
		}
	}
}

// checkExecForm: shell-form ENTRYPOINT, CMD or HEALTHCHECK in an image
// without a shell.
func (r *runner) checkExecForm(stages []*dockerfile.Stage) {
	for _, f := range stages {
		image := f.Root().Image
		if !f.Final || !hasNoShell(image) {
			continue
		}
		cmds := f.Commands()
		if bringsShell(cmds) {
			continue
		}
		for _, cmd := range cmds {
			switch c := cmd.(type) {
			case *instructions.EntrypointCommand:
				if c.PrependShell {
					r.at(ruleGoExecForm, c, "ENTRYPOINT in shell form runs /bin/sh -c, but %s has no shell: the container cannot start", image)
				}
			case *instructions.CmdCommand:
				if c.PrependShell {
					r.at(ruleGoExecForm, c, "CMD in shell form runs /bin/sh -c, but %s has no shell: the container cannot start", image)
				}
			case *instructions.HealthCheckCommand:
				if c.Health != nil && len(c.Health.Test) > 0 && c.Health.Test[0] == "CMD-SHELL" {
					r.at(ruleGoExecForm, c, "HEALTHCHECK in shell form runs /bin/sh -c, but %s has no shell: the check always fails", image)
				}
			}
		}
	}
}

// bringsShell reports whether a stage copies in a shell of its own, or
// names one with SHELL.
func bringsShell(cmds []instructions.Command) bool {
	for _, cmd := range cmds {
		switch c := cmd.(type) {
		case *instructions.CopyCommand:
			if strings.Contains(c.DestPath, "/bin/sh") || strings.Contains(strings.Join(c.SourcePaths, " "), "busybox") {
				return true
			}
		case *instructions.ShellCommand:
			return true
		}
	}
	return false
}

// checkGitInContext: the whole context is used and .git is not excluded.
func (r *runner) checkGitInContext(stages []*dockerfile.Stage) {
	use, what := wholeContextUse(stages)
	if use == nil {
		return
	}
	ig := r.doc.opts.Ignore
	if ig == nil {
		r.at(ruleGoGitInContext, use, "%s sends the whole build context and there is no .dockerignore: .git goes with it", what)
		return
	}
	pm, err := patternmatcher.New(ig.Patterns)
	if err != nil {
		return // reported by the build checks
	}
	if ok, _ := pm.MatchesOrParentMatches(".git"); !ok {
		r.at(ruleGoGitInContext, use, "%s sends the whole build context and %s does not exclude .git", what, ig.Name)
	}
}

// wholeContextUse returns the first instruction that sends the whole build
// context without excluding .git (COPY ., ADD ., a bind mount of the
// context), and how to name it; nil when there is none.
func wholeContextUse(stages []*dockerfile.Stage) (instructions.Command, string) {
	for _, s := range stages {
		for _, cmd := range s.Parsed.Commands {
			switch c := cmd.(type) {
			case *instructions.CopyCommand:
				if c.From == "" && !excludesGit(c.ExcludePatterns) && slices.ContainsFunc(c.SourcePaths, isWholeContext) {
					return c, short(c.String())
				}
			case *instructions.AddCommand:
				if !excludesGit(c.ExcludePatterns) && slices.ContainsFunc(c.SourcePaths, isWholeContext) {
					return c, short(c.String())
				}
			case *instructions.RunCommand:
				for _, m := range instructions.GetMounts(c) {
					if m.Type == instructions.MountTypeBind && m.From == "" && isWholeContext(m.Source) {
						return c, "RUN --mount=type=bind of the context"
					}
				}
			}
		}
	}
	return nil, ""
}

// short returns an instruction's text, cut when it is long.
func short(code string) string {
	code = strings.Join(strings.Fields(code), " ")
	if len(code) > 40 {
		code = code[:37] + "..."
	}
	return code
}

func excludesGit(patterns []string) bool {
	for _, p := range patterns {
		if strings.TrimSuffix(strings.TrimPrefix(p, "**/"), "/") == ".git" {
			return true
		}
	}
	return false
}

var (
	urlCredsRE  = regexp.MustCompile(`://[^/\s:@$]+:[^/\s@]+@`)
	patNameRE   = regexp.MustCompile(`(?i)(?:^|_)(?:pat|netrc)$`)
	netrcRE     = regexp.MustCompile(`>>?\s*\S*\.netrc\b|\bmachine\s+\S+\s+login\s`)
	insteadOfRE = regexp.MustCompile(`(?i)git\s+config\b[^;&|\n]*url\.["']?[^\s"']*(?:\$|:[^/\s@]+@)[^\s"']*["']?\.insteadof`)
	credFileRE  = regexp.MustCompile(`(?:^|/)\.(?:netrc|git-credentials)$`)
)

// checkBuildSecret: credentials for private modules in ARG or ENV, or
// written into a layer.
func (r *runner) checkBuildSecret(stages []*dockerfile.Stage) {
	checkKV := func(cmd instructions.Command, kind, key, value string) {
		switch {
		case urlCredsRE.MatchString(value):
			r.at(ruleGoBuildSecret, cmd, "%s %s holds credentials in a URL: they stay in the image history", kind, key)
		case patNameRE.MatchString(key) && !secretsDeny.MatchString(key):
			r.at(ruleGoBuildSecret, cmd, "%s %s looks like a credential: build arguments and variables stay in the image history", kind, key)
		}
	}
	for _, a := range r.doc.metaArgs {
		for _, kv := range a.Args {
			if kv.Value != nil {
				checkKV(&a, "ARG", kv.Key, *kv.Value)
			} else {
				checkKV(&a, "ARG", kv.Key, "")
			}
		}
	}
	for _, s := range stages {
		for _, cmd := range s.Parsed.Commands {
			switch c := cmd.(type) {
			case *instructions.ArgCommand:
				for _, kv := range c.Args {
					v := ""
					if kv.Value != nil {
						v = *kv.Value
					}
					checkKV(c, "ARG", kv.Key, v)
				}
			case *instructions.EnvCommand:
				for _, kv := range c.Env {
					checkKV(c, "ENV", kv.Key, kv.Value)
				}
			case *instructions.RunCommand:
				text := dockerfile.Script(c)
				switch {
				case netrcRE.MatchString(text):
					r.at(ruleGoBuildSecret, c, "RUN writes a .netrc: the credentials stay in the layer")
				case insteadOfRE.MatchString(text):
					r.at(ruleGoBuildSecret, c, "RUN puts a token into the git configuration (insteadOf): it stays in the layer")
				}
			case *instructions.CopyCommand:
				for _, src := range c.SourcePaths {
					if credFileRE.MatchString(cleanSource(src)) {
						r.at(ruleGoBuildSecret, c, "COPY %s puts credentials into a layer", src)
					}
				}
			}
		}
	}
}

// checkGoVersion: a golang builder older than go.mod's go line.
func (r *runner) checkGoVersion(stages []*dockerfile.Stage) {
	m := r.doc.opts.Module
	if m == nil || m.Go == "" {
		return
	}
	for _, s := range stages {
		if s.Parent != nil {
			continue
		}
		v, ok := dockerfile.GoImageVersion(s.Image)
		if !ok {
			continue // not golang, or latest or untagged: GoImageTag
		}
		if !dockerfile.GoOlder(v, m.Go) || r.toolchainSwitch(s) {
			continue
		}
		msg := fmt.Sprintf("%s has Go %s, but %s requires go %s: the golang images do not download newer toolchains (GOTOOLCHAIN=local)", s.Image, v, m.GoPos, m.Go)
		if arg := r.doc.file.VersionArg(s); arg != nil {
			r.report(ruleGoVersion, arg.Location(), arg.Comments(), msg)
		} else {
			r.atFrom(ruleGoVersion, s, "%s", msg)
		}
	}
}

// toolchainSwitch reports whether a stage lets the go command fetch a newer
// toolchain (GOTOOLCHAIN other than local).
func (r *runner) toolchainSwitch(s *dockerfile.Stage) bool {
	for _, c := range s.Parsed.Commands {
		if e, ok := c.(*instructions.EnvCommand); ok {
			for _, kv := range e.Env {
				if kv.Key == "GOTOOLCHAIN" && kv.Value != "local" {
					return true
				}
			}
		}
	}
	for _, g := range s.Steps {
		if v, ok := dockerfile.Assignment(g.Script, "GOTOOLCHAIN"); ok && v != "local" {
			return true
		}
	}
	return false
}
