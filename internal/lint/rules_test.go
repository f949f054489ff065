package lint

import (
	"fmt"
	"strings"
	"testing"
)

// df joins lines into a Dockerfile.
func df(lines ...string) string { return strings.Join(lines, "\n") + "\n" }

// ruleCase is a Dockerfile that breaks a rule at a line, and the same
// Dockerfile repaired.
type ruleCase struct {
	rule   string
	name   string // tells cases of one rule apart
	fail   string
	line   int
	pass   string
	ignore []string // .dockerignore patterns; nil for no .dockerignore
	// passIgnore, when set, is the .dockerignore of the passing case.
	passIgnore []string
	mod        *Module
	strict     bool // lint --strict
}

// A go.mod that requires modules and has a go.sum.
var testModule = &Module{GoPos: "go.mod:3", Go: "1.26.0", HasGoSum: true, Requires: 2}

// A build stage used by the Go rules' cases, clean of every rule.
var goodBuild = []string{
	"FROM --platform=$BUILDPLATFORM golang:1.26-trixie AS build",
	"WORKDIR /src",
	"RUN --mount=type=cache,target=/go/pkg/mod \\",
	"    --mount=type=bind,source=go.mod,target=go.mod \\",
	"    --mount=type=bind,source=go.sum,target=go.sum \\",
	"    go mod download",
	"ARG TARGETOS TARGETARCH",
	"RUN --mount=type=cache,target=/go/pkg/mod \\",
	"    --mount=type=cache,target=/root/.cache/go-build \\",
	"    --mount=type=bind,target=. \\",
	"    CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH \\",
	"    go build -trimpath -o /out/ ./cmd/app",
}

// with returns goodBuild followed by more lines.
func with(more ...string) string { return df(append(append([]string{}, goodBuild...), more...)...) }

var goodFinal = []string{
	"FROM gcr.io/distroless/static-debian13:nonroot AS app",
	"COPY --from=build /out/app /usr/local/bin/app",
	"USER 65532:65532",
	`ENTRYPOINT ["/usr/local/bin/app"]`,
}

// ruleCases cover every rule; TestRuleCases checks that none is missing.
var ruleCases = []ruleCase{
	{rule: "StageNameCasing", fail: df("FROM alpine:3.22 AS Builder"), line: 1, pass: df("FROM alpine:3.22 AS builder")},
	{rule: "FromAsCasing", fail: df("FROM alpine:3.22 as builder"), line: 1, pass: df("FROM alpine:3.22 AS builder")},
	{rule: "NoEmptyContinuation",
		fail: df("FROM alpine:3.22", "RUN echo one && \\", "", "    echo two"), line: 4,
		pass: df("FROM alpine:3.22", "RUN echo one && \\", "    echo two")},
	{rule: "ConsistentInstructionCasing",
		fail: df("FROM alpine:3.22", "run echo hi", "USER 1000"), line: 2,
		pass: df("FROM alpine:3.22", "RUN echo hi", "USER 1000")},
	{rule: "DuplicateStageName",
		fail: df("FROM alpine:3.22 AS base", "FROM alpine:3.22 AS base"), line: 2,
		pass: df("FROM alpine:3.22 AS base", "FROM alpine:3.22 AS other")},
	{rule: "ReservedStageName", fail: df("FROM alpine:3.22 AS scratch"), line: 1, pass: df("FROM alpine:3.22 AS base")},
	{rule: "JSONArgsRecommended",
		fail: df("FROM alpine:3.22", "CMD /usr/local/bin/app --serve"), line: 2,
		pass: df("FROM alpine:3.22", `CMD ["/usr/local/bin/app", "--serve"]`)},
	{rule: "MaintainerDeprecated",
		fail: df("FROM alpine:3.22", "MAINTAINER Jo <jo@example.org>"), line: 2,
		pass: df("FROM alpine:3.22", `LABEL org.opencontainers.image.authors="Jo <jo@example.org>"`)},
	{rule: "UndefinedArgInFrom",
		fail: df("FROM alpine:${ALPINE_VERSION}"), line: 1,
		pass: df("ARG ALPINE_VERSION=3.22", "FROM alpine:${ALPINE_VERSION}")},
	{rule: "WorkdirRelativePath",
		fail: df("FROM alpine:3.22", "WORKDIR app"), line: 2,
		pass: df("FROM alpine:3.22", "WORKDIR /app")},
	{rule: "UndefinedVar",
		fail: df("FROM alpine:3.22", "ARG VERSION", "COPY app-$VERSON.tar /app/"), line: 3,
		pass: df("FROM alpine:3.22", "ARG VERSION", "COPY app-$VERSION.tar /app/")},
	{rule: "UndefinedVar", name: "global ARG not declared in the stage",
		fail: df("ARG GO_VERSION=1.26", "FROM golang:${GO_VERSION}", "ENV WANT=${GO_VERSION}"), line: 3,
		pass: df("ARG GO_VERSION=1.26", "FROM golang:${GO_VERSION}", "ARG GO_VERSION", "ENV WANT=${GO_VERSION}")},
	{rule: "MultipleInstructionsDisallowed",
		fail: df("FROM alpine:3.22", `ENTRYPOINT ["/a"]`, `ENTRYPOINT ["/b"]`), line: 2,
		pass: df("FROM alpine:3.22", `ENTRYPOINT ["/b"]`)},
	{rule: "LegacyKeyValueFormat",
		fail: df("FROM alpine:3.22", "ENV MODE production"), line: 2,
		pass: df("FROM alpine:3.22", "ENV MODE=production")},
	{rule: "RedundantTargetPlatform",
		fail: df("FROM --platform=$TARGETPLATFORM alpine:3.22"), line: 1,
		pass: df("FROM alpine:3.22")},
	{rule: "SecretsUsedInArgOrEnv",
		fail: df("FROM alpine:3.22", "ARG GITHUB_TOKEN"), line: 2,
		pass: df("FROM alpine:3.22", "ARG GITHUB_REPOSITORY")},
	{rule: "InvalidDefaultArgInFrom",
		fail: df("ARG TAG", "FROM alpine:${TAG}"), line: 2,
		pass: df("ARG TAG=3.22", "FROM alpine:${TAG}")},
	{rule: "FromPlatformFlagConstDisallowed",
		fail: df("FROM --platform=linux/amd64 alpine:3.22 AS tools"), line: 1,
		pass: df("FROM --platform=linux/amd64 alpine:3.22 AS tools-amd64")},
	{rule: "CopyIgnoredFile",
		fail: df("FROM alpine:3.22", "COPY docs /usr/share/doc/app"), line: 2, ignore: []string{".git", "docs"},
		pass: df("FROM alpine:3.22", "COPY templates /app/templates")},
	{rule: "InvalidDefinitionDescription",
		fail: df("# check=experimental=InvalidDefinitionDescription", "FROM alpine:3.22", "# the release to stamp", "ARG VERSION=dev"), line: 4,
		pass: df("# check=experimental=InvalidDefinitionDescription", "FROM alpine:3.22", "# VERSION is the release to stamp", "ARG VERSION=dev")},
	{rule: "ExposeProtoCasing",
		fail: df("FROM alpine:3.22", "EXPOSE 8080/TCP"), line: 2,
		pass: df("FROM alpine:3.22", "EXPOSE 8080/tcp")},
	{rule: "ExposeInvalidFormat",
		fail: df("FROM alpine:3.22", "EXPOSE 80:8080"), line: 2,
		pass: df("FROM alpine:3.22", "EXPOSE 8080")},

	{rule: "GoModFilesTogether", name: "go.sum without go.mod",
		fail: df("FROM golang:1.26-trixie AS build", "WORKDIR /src", "COPY go.sum ./", "RUN go mod download"), line: 4,
		pass: df("FROM golang:1.26-trixie AS build", "WORKDIR /src", "COPY go.mod go.sum ./", "RUN go mod download")},
	{rule: "GoModFilesTogether", name: "go.mod without go.sum", mod: testModule,
		fail: df("FROM golang:1.26-trixie AS build", "WORKDIR /src", "RUN --mount=type=bind,source=go.mod,target=go.mod go mod download"), line: 3,
		pass: df("FROM golang:1.26-trixie AS build", "WORKDIR /src", "COPY go.* ./", "RUN go mod download")},
	{rule: "GoModFilesTogether", name: "a module without go.sum", mod: &Module{GoPos: "go.mod:3", Go: "1.26", Requires: 0},
		fail: df("FROM golang:1.26-trixie AS build", "WORKDIR /src", "COPY go.sum ./", "RUN go mod download"), line: 4,
		pass: df("FROM golang:1.26-trixie AS build", "WORKDIR /src", "COPY go.mod ./", "RUN go mod download")},
	{rule: "GoModDownloadLayer",
		fail: df("FROM golang:1.26-trixie AS build", "WORKDIR /src", "COPY . .", "RUN go mod download", "RUN go build -trimpath -o /out/app ."), line: 3,
		pass: df("FROM golang:1.26-trixie AS build", "WORKDIR /src", "COPY go.mod go.sum ./", "RUN go mod download", "COPY . .", "RUN go build -trimpath -o /out/app .")},
	{rule: "GoModDownloadLayer", name: "modules from a deps stage",
		fail: df("FROM golang:1.26-trixie AS build", "WORKDIR /src", "COPY cmd ./cmd", "COPY go.mod go.sum ./", "RUN go build -o /out/app ./cmd/app"), line: 3,
		pass: df("FROM golang:1.26-trixie AS deps", "WORKDIR /src", "COPY go.mod go.sum ./", "RUN go mod download",
			"FROM golang:1.26-trixie AS build", "WORKDIR /src", "COPY --from=deps /go/pkg/mod /go/pkg/mod", "COPY . .", "RUN go build -o /out/app ./cmd/app")},
	{rule: "GoCacheMount", name: "go build",
		fail: df("FROM golang:1.26-trixie AS build", "WORKDIR /src", "RUN --mount=type=bind,target=. go build -trimpath -o /out/app ."), line: 3,
		pass: df("FROM golang:1.26-trixie AS build", "WORKDIR /src", "RUN --mount=type=bind,target=. --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build go build -trimpath -o /out/app .")},
	{rule: "GoCacheMount", name: "modules downloaded into a cache mount the build does not mount",
		fail: df("FROM golang:1.26-trixie AS build", "WORKDIR /src", "COPY go.mod go.sum ./",
			"RUN --mount=type=cache,target=/go/pkg/mod go mod download", "COPY . .",
			"RUN --mount=type=cache,target=/root/.cache/go-build go build -trimpath -o /out/app ."), line: 6,
		pass: df("FROM golang:1.26-trixie AS build", "WORKDIR /src", "COPY go.mod go.sum ./",
			"RUN --mount=type=cache,target=/go/pkg/mod go mod download", "COPY . .",
			"RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build go build -trimpath -o /out/app .")},
	{rule: "GoCacheMount", name: "GOCACHE elsewhere",
		fail: df("FROM golang:1.26-trixie AS build", "ENV GOCACHE=/cache/go", "RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build go build -o /app ."), line: 3,
		pass: df("FROM golang:1.26-trixie AS build", "ENV GOCACHE=/cache/go", "RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/cache/go go build -o /app .")},
	{rule: "GoToolchainImage",
		fail: df("FROM golang:1.26-trixie", "WORKDIR /src", "USER 65532:65532", `ENTRYPOINT ["/go/bin/app"]`), line: 1,
		pass: with(goodFinal...)},
	{rule: "GoToolchainImage", name: "final stage from the build stage",
		fail: df("FROM golang:1.26-trixie AS build", "RUN go build -o /app .", "FROM build AS run", `ENTRYPOINT ["/app"]`), line: 3,
		pass: df("FROM golang:1.26-trixie AS build", "RUN go build -o /app .", "FROM alpine:3.22 AS run", "COPY --from=build /app /app", `ENTRYPOINT ["/app"]`)},
	{rule: "GoCgoStaticImage",
		fail: df("FROM golang:1.26-trixie AS build", "RUN go build -trimpath -o /out/app .", "FROM scratch", "COPY --from=build /out/app /app"), line: 2,
		pass: df("FROM golang:1.26-trixie AS build", "RUN CGO_ENABLED=0 go build -trimpath -o /out/app .", "FROM scratch", "COPY --from=build /out/app /app")},
	{rule: "GoCgoStaticImage", name: "cgo on, linked statically",
		fail: df("FROM golang:1.26-trixie AS build", "ENV CGO_ENABLED=1", "RUN go build -o /out/app .", "FROM gcr.io/distroless/static-debian13:nonroot", "COPY --from=build /out/app /app"), line: 3,
		pass: df("FROM golang:1.26-trixie AS build", "ENV CGO_ENABLED=1", `RUN go build -tags netgo,osusergo -ldflags "-linkmode=external -extldflags=-static" -o /out/app .`, "FROM gcr.io/distroless/static-debian13:nonroot", "COPY --from=build /out/app /app")},
	{rule: "GoScratchCACerts",
		fail: with("FROM scratch AS app", "COPY --from=build /out/app /app", "USER 65532:65532", `ENTRYPOINT ["/app"]`), line: 13,
		pass: with("FROM scratch AS app", "COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/", "COPY --from=build /out/app /app", "USER 65532:65532", `ENTRYPOINT ["/app"]`)},
	{rule: "GoScratchCACerts", name: "a comment records the decision",
		fail: with("FROM scratch AS app", "COPY --from=build /out/app /app", "USER 65532:65532", `ENTRYPOINT ["/app"]`), line: 13,
		pass: with("FROM scratch AS app", "# No CA certificates: the service makes no outgoing TLS connections.", "COPY --from=build /out/app /app", "USER 65532:65532", `ENTRYPOINT ["/app"]`)},
	{rule: "GoTargetPlatform", name: "hard-coded",
		fail: df("FROM --platform=$BUILDPLATFORM golang:1.26-trixie AS build", "RUN CGO_ENABLED=0 GOOS=linux GOARCH=amd64 go build -o /app ."), line: 2,
		pass: df("FROM --platform=$BUILDPLATFORM golang:1.26-trixie AS build", "ARG TARGETOS TARGETARCH", "RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /app .")},
	{rule: "GoTargetPlatform", name: "TARGETARCH not declared in the stage",
		fail: df("FROM --platform=$BUILDPLATFORM golang:1.26-trixie AS build", "ENV CGO_ENABLED=0", "RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /app ."), line: 3,
		pass: df("FROM --platform=$BUILDPLATFORM golang:1.26-trixie AS build", "ENV CGO_ENABLED=0", "ARG TARGETOS", "ARG TARGETARCH", "RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /app .")},
	{rule: "GoTargetPlatform", name: "GOARCH unset on the build platform",
		fail: df("FROM --platform=$BUILDPLATFORM golang:1.26-trixie AS build", "RUN CGO_ENABLED=0 go build -o /app ."), line: 2,
		pass: df("FROM --platform=$BUILDPLATFORM golang:1.26-trixie AS build", "ARG TARGETARCH", "ENV GOARCH=$TARGETARCH", "RUN CGO_ENABLED=0 go build -o /app .")},
	{rule: "GoBuildPlatform",
		fail: df("FROM golang:1.26-trixie AS build", "ARG TARGETARCH", "RUN CGO_ENABLED=0 GOARCH=$TARGETARCH go build -o /app .", "FROM scratch", "COPY --from=build /app /app"), line: 1,
		pass: df("FROM --platform=$BUILDPLATFORM golang:1.26-trixie AS build", "ARG TARGETARCH", "RUN CGO_ENABLED=0 GOARCH=$TARGETARCH go build -o /app .", "FROM scratch", "COPY --from=build /app /app")},
	{rule: "GoTrimpath",
		fail: df("FROM golang:1.26-trixie AS build", "RUN go build -o /app ."), line: 2,
		pass: df("FROM golang:1.26-trixie AS build", "ENV GOFLAGS=-trimpath", "RUN go build -o /app .")},
	{rule: "GoNonRootUser", name: "a user name",
		fail: df("FROM gcr.io/distroless/static-debian13:nonroot", "USER nonroot:nonroot"), line: 2,
		pass: df("FROM gcr.io/distroless/static-debian13:nonroot", "USER 65532:65532")},
	{rule: "GoNonRootUser", name: "no USER",
		fail: df("FROM alpine:3.22", `ENTRYPOINT ["/app"]`), line: 1,
		pass: df("FROM gcr.io/distroless/static-debian13:nonroot", `ENTRYPOINT ["/app"]`)},
	{rule: "GoNonRootUser", name: "root",
		fail: df("FROM alpine:3.22", "ARG UID=0", "USER $UID"), line: 3,
		pass: df("FROM alpine:3.22", "ARG UID=10001", "USER $UID")},
	{rule: "GoImageTag", name: "untagged",
		fail: df("FROM alpine"), line: 1,
		pass: df("FROM alpine:3.22")},
	{rule: "GoImageTag", name: "latest",
		fail: df("ARG BASE=alpine:latest", "FROM ${BASE}"), line: 2,
		pass: df("FROM alpine@sha256:4b7ce07002c69e8f3d704a9c5d6fd3053be500b7f1c69fc0d80990c2ad8dd412")},
	{rule: "GoExecForm",
		fail: df("FROM scratch", "COPY app /app", "USER 65532:65532", "ENTRYPOINT /app"), line: 4,
		pass: df("FROM scratch", "COPY app /app", "USER 65532:65532", `ENTRYPOINT ["/app"]`)},
	{rule: "GoExecForm", name: "shell HEALTHCHECK on distroless",
		fail: df("FROM gcr.io/distroless/static-debian13:nonroot", "HEALTHCHECK CMD /app -health || exit 1"), line: 2,
		pass: df("FROM gcr.io/distroless/static-debian13:nonroot", `HEALTHCHECK CMD ["/app", "-health"]`)},
	{rule: "GoGitInContext", ignore: []string{"*.md"}, passIgnore: []string{"*.md", ".git"},
		fail: df("FROM golang:1.26-trixie AS build", "COPY . ."), line: 2,
		pass: df("FROM golang:1.26-trixie AS build", "COPY . .")},
	{rule: "GoGitInContext", name: "no .dockerignore",
		fail: df("FROM golang:1.26-trixie AS build", "WORKDIR /src", "RUN --mount=type=bind,target=. go build -o /app ."), line: 3,
		pass: df("FROM golang:1.26-trixie AS build", "RUN --mount=type=bind,source=cmd,target=cmd go build -o /app ./cmd/app")},
	{rule: "GoBuildSecret", name: "credentials in a URL",
		fail: df("FROM golang:1.26-trixie", "ENV GOPROXY=https://ci:s3cret@goproxy.example.org"), line: 2,
		pass: df("FROM golang:1.26-trixie", "ENV GOPROXY=https://goproxy.example.org")},
	{rule: "GoBuildSecret", name: "a netrc written in a layer",
		fail: df("FROM golang:1.26-trixie", "ARG GIT_USER", `RUN echo "machine github.com login $GIT_USER" > /root/.netrc && go mod download`), line: 3,
		pass: df("FROM golang:1.26-trixie", "RUN --mount=type=secret,id=netrc,target=/root/.netrc go mod download")},
	{rule: "GoBuildSecret", name: "a token in insteadOf",
		fail: df("FROM golang:1.26-trixie", `RUN git config --global url."https://${GITHUB_USER}:${GITHUB_PASSWORD}@github.com/".insteadOf "https://github.com/"`), line: 2,
		pass: df("FROM golang:1.26-trixie", `RUN git config --global url."ssh://git@github.com/".insteadOf "https://github.com/"`)},
	{rule: "GoVersion", mod: testModule,
		fail: df("ARG GO_VERSION=1.25", "FROM golang:${GO_VERSION}-trixie AS build"), line: 1,
		pass: df("ARG GO_VERSION=1.26", "FROM golang:${GO_VERSION}-trixie AS build")},
	{rule: "GoVersion", name: "a patch release", mod: &Module{GoPos: "go.mod:3", Go: "1.26.2"},
		fail: df("FROM golang:1.26.1-alpine AS build"), line: 1,
		pass: df("FROM golang:1.26-alpine AS build")},
	{rule: "GoUnpinnedBase", strict: true,
		fail: df("FROM golang:1.26.11-trixie AS build", "FROM alpine:3.22 AS app", "COPY --from=build /out/app /app"), line: 2,
		pass: df("FROM golang:1.26.11-trixie AS build", "FROM alpine:3.22@sha256:4b7ce07002c69e8f3d704a9c5d6fd3053be500b7f1c69fc0d80990c2ad8dd412 AS app", "COPY --from=build /out/app /app")},
}

func (c ruleCase) options() Options {
	opts := Options{Module: c.mod, Strict: c.strict}
	if c.ignore != nil {
		opts.Ignore = &Ignore{Name: ".dockerignore", Patterns: c.ignore}
	}
	return opts
}

func lintString(t *testing.T, text string, opts Options) []Finding {
	t.Helper()
	found, err := Lint("Dockerfile", []byte(text), opts)
	if err != nil {
		t.Fatalf("Lint: %v\n%s", err, text)
	}
	return found
}

func dump(found []Finding) string {
	var b strings.Builder
	for _, f := range found {
		fmt.Fprintf(&b, "\t%s\n", f)
	}
	return b.String()
}

// TestRuleCases checks every rule on a Dockerfile that breaks it (a finding
// at the right line) and on the same Dockerfile repaired (no finding of
// that rule).
func TestRuleCases(t *testing.T) {
	covered := map[string]bool{}
	for _, c := range ruleCases {
		covered[c.rule] = true
		t.Run(c.rule+"/"+c.name, func(t *testing.T) {
			if _, ok := Lookup(c.rule); !ok {
				t.Fatalf("no rule %s", c.rule)
			}
			found := lintString(t, c.fail, c.options())
			hit := false
			for _, f := range found {
				if f.Rule == c.rule && f.Line == c.line {
					hit = true
					if f.Message == "" || strings.Contains(f.Message, "\n") || f.Hint == "" || f.URL == "" {
						t.Errorf("finding %s: want a one-line message, a hint and a URL (hint %q, url %q)", f, f.Hint, f.URL)
					}
				}
			}
			if !hit {
				t.Errorf("failing Dockerfile: no %s finding at line %d; got:\n%s", c.rule, c.line, dump(found))
			}
			pass := c.options()
			if c.passIgnore != nil {
				pass.Ignore = &Ignore{Name: ".dockerignore", Patterns: c.passIgnore}
			}
			for _, f := range lintString(t, c.pass, pass) {
				if f.Rule == c.rule {
					t.Errorf("passing Dockerfile: unexpected %s", f)
				}
			}
		})
	}
	for _, r := range Rules {
		if !covered[r.ID] {
			t.Errorf("rule %s has no case in ruleCases", r.ID)
		}
	}
}

// TestUnpinnedBaseOffByDefault: GoUnpinnedBase reports only with --strict.
func TestUnpinnedBaseOffByDefault(t *testing.T) {
	text := df("FROM alpine:3.22")
	for _, strict := range []bool{false, true} {
		hit := false
		for _, f := range lintString(t, text, Options{Strict: strict}) {
			hit = hit || f.Rule == "GoUnpinnedBase"
		}
		if hit != strict {
			t.Errorf("strict %v: GoUnpinnedBase reported %v", strict, hit)
		}
	}
}

// TestGoodDockerfileIsClean lints a complete, careful Go Dockerfile: not a
// single finding.
func TestGoodDockerfileIsClean(t *testing.T) {
	text := with(goodFinal...)
	opts := Options{Module: testModule, Ignore: &Ignore{Name: ".dockerignore", Patterns: []string{".git", "**/*.md"}}}
	if found := lintString(t, text, opts); len(found) > 0 {
		t.Errorf("findings on a clean Dockerfile:\n%s", dump(found))
	}
}
