package dockerfile

import (
	"slices"
	"testing"
)

func TestRead(t *testing.T) {
	df := `# syntax=docker/dockerfile:1
ARG GO_VERSION=1.24.3
FROM golang:${GO_VERSION}-alpine AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -o /out/api -ldflags "-s -w" ./cmd/api ./cmd/worker
FROM scratch AS api
COPY --from=build /out/api /api
EXPOSE 8080/tcp
EXPOSE 9090
ENTRYPOINT ["/api"]
`
	f, err := Read("Dockerfile", []byte(df))
	if err != nil {
		t.Fatal(err)
	}
	if f.GoVersion != "1.24.3" || f.GoLine != 2 {
		t.Errorf("go %s at line %d, want 1.24.3 at line 2 (the ARG default)", f.GoVersion, f.GoLine)
	}
	if len(f.Builds) != 1 || f.Builds[0].Line != 6 || f.Builds[0].Cgo != (Cgo{Off: true, Line: 6, Why: "CGO_ENABLED=0"}) {
		t.Errorf("builds %+v, want one at line 6 with cgo off there", f.Builds)
	}
	var pkgs []string
	for _, p := range f.Packages {
		pkgs = append(pkgs, p.Path)
	}
	if !slices.Equal(pkgs, []string{"./cmd/api", "./cmd/worker"}) {
		t.Errorf("packages %v", pkgs)
	}
	if len(f.Stages) != 2 || f.Stages[0].Image != "golang:1.24.3-alpine" || f.Stages[1].Name != "api" {
		t.Errorf("stages %+v", f.Stages)
	}
	if finals := f.Finals(); len(finals) != 1 || finals[0].Name != "api" || !slices.Equal(finals[0].Ports, []int{8080, 9090}) {
		t.Errorf("finals %+v, want api with its ports", finals)
	}
	if _, err := Read("Dockerfile", []byte("FROM\n")); err == nil {
		t.Error("a FROM without an image must be an error")
	}
}

func TestFinals(t *testing.T) {
	tests := []struct {
		name, df string
		want     []string
	}{
		{"build and two finals", "FROM golang:1.26 AS build\nRUN go build ./cmd/a ./cmd/b\nFROM scratch AS a\nCOPY --from=build /a /a\nENTRYPOINT [\"/a\"]\nFROM scratch AS b\nCOPY --from=build /b /b\nENTRYPOINT [\"/b\"]\n", []string{"a", "b"}},
		{"a stage another builds on", "FROM alpine:3.22 AS base\nCMD [\"sh\"]\nFROM base AS app\nENTRYPOINT [\"/app\"]\n", []string{"app"}},
		{"a stage copied from by index", "FROM golang:1.26\nCMD [\"x\"]\nFROM scratch AS app\nCOPY --from=0 /x /x\n", []string{"app"}},
		{"a helper that runs nothing", "FROM golang:1.26 AS tools\nRUN true\nFROM scratch AS app\nENTRYPOINT [\"/app\"]\n", []string{"app"}},
		{"a stage a mount reads", "FROM alpine:3.22 AS certs\nCMD [\"x\"]\nFROM golang:1.26 AS app\nRUN --mount=from=certs,target=/c true\n", []string{"app"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Read("Dockerfile", []byte(tt.df))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, s := range f.Finals() {
				got = append(got, s.Name)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("finals %v, want %v", got, tt.want)
			}
		})
	}
}

// TestCgo: whether each go build runs with cgo off comes from the
// environment the step runs in (the model lint reads too), not from any
// CGO_ENABLED=0 in the file, and from the image: go turns cgo off on
// alpine when no C compiler is installed. Each build is read on its own,
// so a helper tool's build does not speak for the binary's.
func TestCgo(t *testing.T) {
	off := func(line int) Cgo { return Cgo{Off: true, Line: line, Why: "CGO_ENABLED=0"} }
	noCC := func(image string, line int) Cgo {
		return Cgo{Off: true, Line: line, Why: image + " has no C compiler, so go builds with cgo off"}
	}
	tests := []struct {
		name, df string
		want     []Cgo // one per go build, in order
	}{
		{"inline", "FROM golang:1.26\nRUN CGO_ENABLED=0 go build ./cmd/api\n", []Cgo{off(2)}},
		{"ENV in the build stage", "FROM golang:1.26\nENV CGO_ENABLED=0\nRUN go build ./cmd/api\n", []Cgo{off(2)}},
		{"ENV in the parent stage", "FROM golang:1.26 AS base\nENV CGO_ENABLED=0\nFROM base AS build\nRUN go build ./cmd/api\n", []Cgo{off(2)}},
		{"through a build argument", "FROM golang:1.26\nARG CGO=0\nRUN CGO_ENABLED=$CGO go build ./cmd/api\n", []Cgo{off(3)}},
		{"ARG default", "FROM golang:1.26\nARG CGO_ENABLED=0\nRUN go build ./cmd/api\n", []Cgo{off(2)}},
		{"ENV in a stage that builds nothing", "FROM golang:1.26 AS build\nRUN go build -o /app ./cmd/api\nFROM debian:trixie-slim\nENV CGO_ENABLED=0\nCOPY --from=build /app /app\n", []Cgo{{}}},
		{"cgo on", "FROM golang:1.26\nRUN CGO_ENABLED=1 go build ./cmd/api\n", []Cgo{{}}},
		{"alpine without a C compiler", "FROM golang:1.26-alpine\nRUN go build ./cmd/api\n", []Cgo{noCC("golang:1.26-alpine", 1)}},
		{"alpine, the parent's FROM", "FROM golang:1.26-alpine AS base\nFROM base AS build\nRUN go build ./cmd/api\n", []Cgo{noCC("golang:1.26-alpine", 1)}},
		{"alpine with gcc", "FROM golang:1.26-alpine\nRUN apk add --no-cache gcc musl-dev\nRUN go build ./cmd/api\n", []Cgo{{}}},
		{"alpine with build-base", "FROM golang:1.26-alpine\nRUN apk add build-base\nRUN go build ./cmd/api\n", []Cgo{{}}},
		{"alpine, gcc installed after the build", "FROM golang:1.26-alpine\nRUN go build ./cmd/api\nRUN apk add gcc\n", []Cgo{noCC("golang:1.26-alpine", 1)}},
		{"alpine, cgo on by hand", "FROM golang:1.26-alpine\nRUN CGO_ENABLED=1 go build ./cmd/api\n", []Cgo{{}}},
		{"a helper tool's build apart from the binary's", "FROM golang:1.26\nRUN CGO_ENABLED=0 go build -o /bin/tool ./tools/gen\nRUN go build -o /app ./cmd/api\n", []Cgo{off(2), {}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Read("Dockerfile", []byte(tt.df))
			if err != nil {
				t.Fatal(err)
			}
			var got []Cgo
			for _, b := range f.Builds {
				got = append(got, b.Cgo)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("cgo of the builds %+v, want %+v", got, tt.want)
			}
		})
	}
}

// TestGoLineIsTheTagsArg: the Go version's line is the ARG the tag uses,
// not another ARG of the FROM (a registry mirror).
func TestGoLineIsTheTagsArg(t *testing.T) {
	df := "ARG A_MIRROR=docker.io/library\nARG V=1.24.3\nFROM ${A_MIRROR}/golang:${V}-alpine AS build\nRUN go build ./cmd/api\n"
	f, err := Read("Dockerfile", []byte(df))
	if err != nil {
		t.Fatal(err)
	}
	if f.GoVersion != "1.24.3" || f.GoLine != 2 {
		t.Errorf("go %s at line %d, want 1.24.3 at line 2 (ARG V)", f.GoVersion, f.GoLine)
	}
}
