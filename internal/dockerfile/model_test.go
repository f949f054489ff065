package dockerfile

import (
	"slices"
	"testing"
)

const modelDockerfile = `ARG GO=1.26
FROM --platform=$BUILDPLATFORM golang:${GO}-trixie AS Base
ENV GOMODCACHE=/cache/mod
FROM base AS build
ARG TARGETARCH
RUN --mount=type=cache,target=/cache/mod go mod download
RUN --mount=type=cache,target=/root/.cache/go-build --mount=from=certs,target=/c \
    GOARCH=$TARGETARCH CGO_ENABLED=0 go build -o /out/api -tags netgo ./cmd/api
FROM alpine:3.22 AS certs
CMD ["true"]
FROM scratch AS api
COPY --from=build /out/api /api
ENTRYPOINT ["/api"]
`

func parseModel(t *testing.T) *File {
	t.Helper()
	f, err := Parse("Dockerfile", []byte(modelDockerfile))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Stages) != 4 {
		t.Fatalf("%d stages, want 4", len(f.Stages))
	}
	return f
}

// TestModelStages: bases, the stage FROM names (in any case), the stages
// read from, which are final images, the ARG that sets the Go version.
func TestModelStages(t *testing.T) {
	f := parseModel(t)
	base, build, certs, api := f.Stages[0], f.Stages[1], f.Stages[2], f.Stages[3]
	if base.Image != "golang:1.26-trixie" || !base.Resolved || base.Line != 2 {
		t.Errorf("base stage %+v", base)
	}
	if build.Parent != base || build.Root() != base || !slices.Equal(build.Chain(), []*Stage{base, build}) {
		t.Errorf("build's parent %v, want the base stage (FROM names it in another case)", build.Parent)
	}
	if len(build.Deps) != 0 {
		t.Errorf("build reads %v: certs comes later, a mount cannot read it", build.Deps)
	}
	if !slices.Equal(api.Deps, []*Stage{build}) || !slices.Equal(api.Feeding(), []*Stage{api, build, base}) {
		t.Errorf("api deps %v", api.Deps)
	}
	for _, tt := range []struct {
		s     *Stage
		final bool
	}{{base, false}, {build, false}, {certs, true}, {api, true}} {
		if tt.s.Final != tt.final {
			t.Errorf("stage %s final %v, want %v", tt.s.Name, tt.s.Final, tt.final)
		}
	}
	if arg := f.VersionArg(base); arg == nil || arg.Location()[0].Start.Line != 1 {
		t.Errorf("version arg %v, want the ARG on line 1", arg)
	}
}

// TestModelSteps: the go steps with their caches, packages and the
// environment they run in, as written, with the line that sets each.
func TestModelSteps(t *testing.T) {
	build := parseModel(t).Stages[1]
	if len(build.Steps) != 2 {
		t.Fatalf("build has %d go steps, want 2", len(build.Steps))
	}
	download, compile := build.Steps[0], build.Steps[1]
	if !download.Download || download.Build || download.ModuleCache() != "/cache/mod" || !download.HasModuleCache() {
		t.Errorf("download step %+v: module cache %s", download, download.ModuleCache())
	}
	if !compile.Build || !compile.HasBuildCache() || compile.HasModuleCache() {
		t.Errorf("build step: build %v, build cache %v, module cache %v", compile.Build, compile.HasBuildCache(), compile.HasModuleCache())
	}
	for _, tt := range []struct {
		key, value string
		line       int
	}{{"GOARCH", "$TARGETARCH", 7}, {"CGO_ENABLED", "0", 7}, {"GOMODCACHE", "/cache/mod", 3}} {
		if compile.Vars[tt.key] != tt.value || compile.VarLines[tt.key] != tt.line {
			t.Errorf("%s=%q set on line %d, want %q on %d", tt.key, compile.Vars[tt.key], compile.VarLines[tt.key], tt.value, tt.line)
		}
	}
	if !compile.Args["TARGETARCH"] || !slices.Equal(compile.Packages, []string{"./cmd/api"}) {
		t.Errorf("args %v, packages %v", compile.Args, compile.Packages)
	}
}

// TestModelErrors: what a build would fail on is a one-line error naming
// the file and line.
func TestModelErrors(t *testing.T) {
	for _, tt := range []struct{ df, want string }{
		{"ARG X=${Y:?Y is required}\nFROM scratch\n", `Dockerfile:1: failed to process "${Y:?Y": syntax error: missing '}'`},
		{"FROM scratch\nRUN true\nFROM\n", "Dockerfile:3: FROM requires either one or three arguments"},
	} {
		if _, err := Parse("Dockerfile", []byte(tt.df)); err == nil || err.Error() != tt.want {
			t.Errorf("Parse(%q) = %v, want %s", tt.df, err, tt.want)
		}
	}
}
