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
	if !f.CgoDisabled || f.CgoLine != 6 {
		t.Errorf("cgo disabled %v at %d", f.CgoDisabled, f.CgoLine)
	}
	var pkgs []string
	for _, p := range f.Packages {
		pkgs = append(pkgs, p.Path)
	}
	if !slices.Equal(pkgs, []string{"./cmd/api", "./cmd/worker"}) {
		t.Errorf("packages %v", pkgs)
	}
	if !slices.Equal(f.Ports, []int{8080, 9090}) {
		t.Errorf("ports %v", f.Ports)
	}
	if len(f.Stages) != 2 || f.Stages[0].Image != "golang:1.24.3-alpine" || f.Stages[1].Name != "api" {
		t.Errorf("stages %+v", f.Stages)
	}
	if _, err := Read("Dockerfile", []byte("FROM\n")); err == nil {
		t.Error("a FROM without an image must be an error")
	}
}
