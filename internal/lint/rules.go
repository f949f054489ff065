package lint

import (
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/linter"
)

// Rule is one lint rule.
type Rule struct {
	// ID is the rule's stable name: findings print it and
	// "# check=skip=ID" switches it off.
	ID string
	// Description says in one line what the rule looks for.
	Description string
	// Hint says how to fix a finding.
	Hint string
	// URL documents the rule: docs.docker.com for BuildKit's rules, the
	// rule's anchor in docs/lint.md for dockgen's.
	URL string
	// Go marks dockgen's Go-specific rules; the others are BuildKit's, with
	// the same name and meaning as in docker build --check.
	Go bool
	// Fixable reports whether Fix rewrites findings of this rule (a finding
	// whose instruction is too complex to rewrite safely stays; see
	// docs/lint.md).
	Fixable bool
	// Experimental rules run only when "# check=experimental=..." asks, as
	// in BuildKit.
	Experimental bool
	// Strict rules run only with dockgen lint --strict: a policy many
	// Dockerfiles choose not to follow.
	Strict bool

	lr  linter.LinterRuleI
	fix fixer // nil when findings need a person
}

// DocsURL is where docs/lint.md is published; Go rules link to their
// heading there.
const DocsURL = "https://github.com/dockgen/dockgen/blob/main/docs/lint.md"

// buildkitRule wraps one of BuildKit's rules.
func buildkitRule[F any](r *linter.LinterRule[F], hint string, fix fixer) *Rule {
	return &Rule{ID: r.Name, Description: r.Description, Hint: hint, URL: r.URL, Fixable: fix != nil, Experimental: r.Experimental, lr: r, fix: fix}
}

// goRule makes one of dockgen's rules.
func goRule(id, description, hint string, fix fixer) *Rule {
	url := DocsURL + "#" + strings.ToLower(id)
	return &Rule{ID: id, Description: description, Hint: hint, URL: url, Go: true, Fixable: fix != nil, fix: fix,
		lr: &linter.LinterRule[func() string]{Name: id, Description: description, URL: url}}
}

// BuildKit's rules, in the order of BuildKit's rule set.
var (
	ruleStageNameCasing                 = buildkitRule(&linter.RuleStageNameCasing, "write the stage name in lower case (references to it are case-insensitive)", fixStageNameCasing)
	ruleFromAsCasing                    = buildkitRule(&linter.RuleFromAsCasing, "write AS in the same case as FROM", fixFromAsCasing)
	ruleNoEmptyContinuation             = buildkitRule(&linter.RuleNoEmptyContinuation, "remove the empty line inside the continued instruction", fixEmptyContinuation)
	ruleConsistentInstructionCasing     = buildkitRule(&linter.RuleConsistentInstructionCasing, "write every instruction in the case most of them use", fixInstructionCasing)
	ruleDuplicateStageName              = buildkitRule(&linter.RuleDuplicateStageName, "give each stage its own name", nil)
	ruleReservedStageName               = buildkitRule(&linter.RuleReservedStageName, "rename the stage: scratch and context mean something else", nil)
	ruleJSONArgsRecommended             = buildkitRule(&linter.RuleJSONArgsRecommended, `use the exec form, ENTRYPOINT ["/usr/local/bin/app"], so the process gets signals`, fixExecForm)
	ruleMaintainerDeprecated            = buildkitRule(&linter.RuleMaintainerDeprecated, `use LABEL org.opencontainers.image.authors="..."`, fixMaintainer)
	ruleUndefinedArgInFrom              = buildkitRule(&linter.RuleUndefinedArgInFrom, "declare the ARG (with a default) before the first FROM", nil)
	ruleWorkdirRelativePath             = buildkitRule(&linter.RuleWorkdirRelativePath, "start the stage's first WORKDIR with /", nil)
	ruleUndefinedVar                    = buildkitRule(&linter.RuleUndefinedVar, "declare it with ARG or ENV in this stage before the use (global ARGs must be declared again inside the stage)", nil)
	ruleMultipleInstructionsDisallowed  = buildkitRule(&linter.RuleMultipleInstructionsDisallowed, "keep only the last one: the others have no effect", nil)
	ruleLegacyKeyValueFormat            = buildkitRule(&linter.RuleLegacyKeyValueFormat, "write key=value", fixLegacyKeyValue)
	ruleRedundantTargetPlatform         = buildkitRule(&linter.RuleRedundantTargetPlatform, "remove --platform=$TARGETPLATFORM", fixRedundantTargetPlatform)
	ruleSecretsUsedInArgOrEnv           = buildkitRule(&linter.RuleSecretsUsedInArgOrEnv, "pass secrets with RUN --mount=type=secret and docker build --secret; ARG and ENV values stay in the image history", nil)
	ruleInvalidDefaultArgInFrom         = buildkitRule(&linter.RuleInvalidDefaultArgInFrom, "give the ARG a default that makes a valid image reference", nil)
	ruleFromPlatformFlagConstDisallowed = buildkitRule(&linter.RuleFromPlatformFlagConstDisallowed, "use $BUILDPLATFORM or $TARGETPLATFORM, or name the stage after the platform", nil)
	ruleCopyIgnoredFile                 = buildkitRule(&linter.RuleCopyIgnoredFile, "let the file into the build context (a ! line in .dockerignore) or stop copying it", nil)
	ruleInvalidDefinitionDescription    = buildkitRule(&linter.RuleInvalidDefinitionDescription, "start the comment with the name it describes, or separate it with an empty line", nil)
	ruleExposeProtoCasing               = buildkitRule(&linter.RuleExposeProtoCasing, "write the protocol in lower case (8080/tcp)", fixExposeProtoCasing)
	ruleExposeInvalidFormat             = buildkitRule(&linter.RuleExposeInvalidFormat, "EXPOSE only the container port; publish it with docker run -p", nil)
)

// dockgen's Go rules.
var (
	ruleGoModFilesTogether = goRule("GoModFilesTogether",
		"go.mod and go.sum are not both in place when the modules are downloaded",
		"COPY go.mod go.sum ./ (or bind both) before RUN go mod download", nil)
	ruleGoModDownloadLayer = goRule("GoModDownloadLayer",
		"the sources are copied before the modules are downloaded, so every code change downloads them again",
		"download in its own step before copying the sources: COPY go.mod go.sum ./, RUN go mod download, then COPY . .", nil)
	ruleGoCacheMount = goRule("GoCacheMount",
		"a go build or go mod download step without cache mounts for the build and module caches",
		"add --mount=type=cache,target=/root/.cache/go-build (build cache) and --mount=type=cache,target=/go/pkg/mod (modules) to the RUN", nil)
	ruleGoToolchainImage = goRule("GoToolchainImage",
		"the final stage ships the Go toolchain image",
		"build in a golang stage and copy the binary into a small final stage (distroless, scratch or alpine)", nil)
	ruleGoCgoStaticImage = goRule("GoCgoStaticImage",
		"cgo is left on for a binary shipped in a scratch or static image, which has no C library",
		"set CGO_ENABLED=0, or link statically (-ldflags '-linkmode=external -extldflags=-static'), or use an image with a C library (distroless/base)", nil)
	ruleGoScratchCACerts = goRule("GoScratchCACerts",
		"a scratch final stage without CA certificates, and nothing says they were considered",
		"COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/, or say in a comment that the binary makes no TLS connections", nil)
	ruleGoTargetPlatform = goRule("GoTargetPlatform",
		"go build does not take GOOS/GOARCH from TARGETOS/TARGETARCH, so the binary can be built for the wrong platform",
		"ARG TARGETOS TARGETARCH in the build stage, then GOOS=$TARGETOS GOARCH=$TARGETARCH go build", nil)
	ruleGoBuildPlatform = goRule("GoBuildPlatform",
		"a build stage with cgo off runs on the target platform instead of $BUILDPLATFORM, so multi-platform builds emulate the compiler",
		"FROM --platform=$BUILDPLATFORM golang:... AS build, and let Go cross-compile with GOOS=$TARGETOS GOARCH=$TARGETARCH", nil)
	ruleGoTrimpath = goRule("GoTrimpath",
		"go build without -trimpath",
		"add -trimpath: the binary then holds no paths of the build machine and builds are reproducible", fixTrimpath)
	ruleGoNonRootUser = goRule("GoNonRootUser",
		"the final stage runs as root, or as a user name instead of a numeric id",
		"USER 65532:65532 (a numeric id lets Kubernetes' runAsNonRoot check it)", nil)
	ruleGoImageTag = goRule("GoImageTag",
		"a base image without a tag, or tagged latest",
		"pin a version tag (golang:1.26-trixie, alpine:3.22), or a digest", nil)
	ruleGoExecForm = goRule("GoExecForm",
		"a shell-form ENTRYPOINT, CMD or HEALTHCHECK in an image that has no shell",
		`use the exec form: ENTRYPOINT ["/usr/local/bin/app"], HEALTHCHECK CMD ["/usr/local/bin/app", "-health"]`, fixExecForm)
	ruleGoGitInContext = goRule("GoGitInContext",
		"the whole build context is used and .dockerignore does not exclude .git",
		"add .git to the .dockerignore beside the Dockerfile", nil)
	ruleGoBuildSecret = goRule("GoBuildSecret",
		"credentials for private modules in ARG or ENV, or written into a layer",
		"RUN --mount=type=secret,id=netrc,target=/root/.netrc go mod download, with docker build --secret id=netrc,src=$HOME/.netrc", nil)
	ruleGoVersion = goRule("GoVersion",
		"the builder's Go is older than the go line of go.mod requires",
		"use a golang image at least as new as the go line of go.mod", nil)
	ruleGoUnpinnedBase = strictRule(goRule("GoUnpinnedBase",
		"a production (final) stage's base image is named by tag alone, not pinned to a digest",
		"name it as tag@sha256:… (dockgen generate --pin), and move the pin on purpose (dockgen check --online, dockgen generate --refresh)", nil))
)

// strictRule marks a rule that runs only with --strict.
func strictRule(r *Rule) *Rule {
	r.Strict = true
	return r
}

// Rules lists every rule in the order they run: BuildKit's, then dockgen's.
var Rules = []*Rule{
	ruleStageNameCasing,
	ruleFromAsCasing,
	ruleNoEmptyContinuation,
	ruleConsistentInstructionCasing,
	ruleDuplicateStageName,
	ruleReservedStageName,
	ruleJSONArgsRecommended,
	ruleMaintainerDeprecated,
	ruleUndefinedArgInFrom,
	ruleWorkdirRelativePath,
	ruleUndefinedVar,
	ruleMultipleInstructionsDisallowed,
	ruleLegacyKeyValueFormat,
	ruleRedundantTargetPlatform,
	ruleSecretsUsedInArgOrEnv,
	ruleInvalidDefaultArgInFrom,
	ruleFromPlatformFlagConstDisallowed,
	ruleCopyIgnoredFile,
	ruleInvalidDefinitionDescription,
	ruleExposeProtoCasing,
	ruleExposeInvalidFormat,

	ruleGoModFilesTogether,
	ruleGoModDownloadLayer,
	ruleGoCacheMount,
	ruleGoToolchainImage,
	ruleGoCgoStaticImage,
	ruleGoScratchCACerts,
	ruleGoTargetPlatform,
	ruleGoBuildPlatform,
	ruleGoTrimpath,
	ruleGoNonRootUser,
	ruleGoImageTag,
	ruleGoExecForm,
	ruleGoGitInContext,
	ruleGoBuildSecret,
	ruleGoVersion,
	ruleGoUnpinnedBase,
}

// Lookup returns the rule with the given ID.
func Lookup(id string) (*Rule, bool) {
	for _, r := range Rules {
		if r.ID == id {
			return r, true
		}
	}
	return nil, false
}

// order returns the position of a rule in Rules, for sorting.
func order(id string) int {
	for i, r := range Rules {
		if r.ID == id {
			return i
		}
	}
	return len(Rules)
}
