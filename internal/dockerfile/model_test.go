package dockerfile

import (
	"slices"
	"testing"
)

func TestModel(t *testing.T) {
	df := `ARG GO=1.26
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
	f, err := Parse("Dockerfile", []byte(df))
	if err != nil {
		t.Fatal(err)
	}
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
	if compile.Vars["GOARCH"] != "$TARGETARCH" || !compile.Args["TARGETARCH"] || compile.Value("CGO_ENABLED") != "0" || compile.VarLines["CGO_ENABLED"] != 7 || compile.VarLines["GOMODCACHE"] != 3 {
		t.Errorf("build step environment %v, lines %v, args %v", compile.Vars, compile.VarLines, compile.Args)
	}
	if !slices.Equal(compile.Packages, []string{"./cmd/api"}) {
		t.Errorf("packages %v", compile.Packages)
	}
	if arg := f.VersionArg(base); arg == nil || arg.Location()[0].Start.Line != 1 {
		t.Errorf("version arg %v, want the ARG on line 1", arg)
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
