package lint

import (
	"path"
	"slices"
	"strings"

	"github.com/dockgen/dockgen/internal/dockerfile"
)

// This file holds what the Go rules ask of the Dockerfile model
// (dockerfile.File) and of images.

// label names a stage in a message: "final stage api", or "the final
// stage" when it has no name.
func label(s *dockerfile.Stage, kind string) string {
	if s.Name != "" {
		return kind + " stage " + s.Name
	}
	return "the " + kind + " stage"
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
