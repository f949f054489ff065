package cli

import (
	"io"
	"log"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/name"
	ggcrregistry "github.com/google/go-containerregistry/pkg/registry"
	"github.com/google/go-containerregistry/pkg/v1/random"
	"github.com/google/go-containerregistry/pkg/v1/remote"

	"github.com/dockgen/dockgen/internal/iostreams"
	"github.com/dockgen/dockgen/internal/registry"
)

// publish pushes a new random multi-platform image index under repo:tag to
// the registry at host and returns its digest.
func publish(t *testing.T, host, repoTag string) string {
	t.Helper()
	idx, err := random.Index(256, 1, 2)
	if err != nil {
		t.Fatal(err)
	}
	ref, err := name.ParseReference(host + "/" + repoTag)
	if err != nil {
		t.Fatal(err)
	}
	if err := remote.WriteIndex(ref, idx); err != nil {
		t.Fatal(err)
	}
	dg, err := idx.Digest()
	if err != nil {
		t.Fatal(err)
	}
	return dg.String()
}

// runWith runs dockgen in-process in dir with a resolver.
func runWith(t *testing.T, dir string, reg *registry.Resolver, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	ios, _, out, errOut := iostreams.Test()
	f := NewFactory(ios, func(string) string { return "" })
	f.Registry = reg
	code = Run(append(args[:1:1], append([]string{dir}, args[1:]...)...), f)
	return code, out.String(), errOut.String()
}

// TestPinRoundTrip resolves, pins, publishes a new image under the same
// tag, sees check --online report it, and refreshes, against ggcr's
// in-process registry on loopback.
func TestPinRoundTrip(t *testing.T) {
	srv := httptest.NewServer(ggcrregistry.New(ggcrregistry.Logger(log.New(io.Discard, "", 0))))
	defer srv.Close()
	u, _ := url.Parse(srv.URL)
	host := u.Host
	reg := &registry.Resolver{Mirror: host}
	golang1 := publish(t, host, "library/golang:1.26.11-trixie")
	static := publish(t, host, "distroless/static-debian13:nonroot")

	dir := writeTempTree(t, map[string]string{"go.mod": helloMod, "main.go": helloMain})
	dockerfile := filepath.Join(dir, "Dockerfile")
	read := func() string {
		data, err := os.ReadFile(dockerfile)
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}

	code, _, stderr := runWith(t, dir, reg, "generate", "--pin")
	if code != 0 {
		t.Fatalf("generate --pin: exit %d\n%s", code, stderr)
	}
	df := read()
	for _, want := range []string{
		"FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-trixie@" + golang1 + " AS build\n",
		"FROM gcr.io/distroless/static-debian13:nonroot@" + static + " AS hello\n",
		" pin=digest\n",
	} {
		if !strings.Contains(df, want) {
			t.Fatalf("pinned Dockerfile lacks %q:\n%s", want, df)
		}
	}

	t.Logf("pinned Dockerfile:\n%s", df)

	// A hand edit, then offline and online checks agree: up to date.
	df = strings.Replace(df, "USER 65532:65532\n", "USER 65532:65532\nENV GODEBUG=madvdontneed=1\n", 1)
	if err := os.WriteFile(dockerfile, []byte(df), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, stderr := runWith(t, dir, nil, "check"); code != 0 {
		t.Fatalf("check: exit %d\n%s%s", code, out, stderr)
	}
	if code, out, stderr := runWith(t, dir, reg, "check", "--online"); code != 0 {
		t.Fatalf("check --online: exit %d\n%s%s", code, out, stderr)
	}

	// A new image under the same tag: check --online names both digests.
	golang2 := publish(t, host, "library/golang:1.26.11-trixie")
	code, out, _ := runWith(t, dir, reg, "check", "--online")
	want := regexp.QuoteMeta(dockerfile) + `:\d+: golang:1.26.11-trixie is pinned to ` + golang1 + `, but the registry now serves ` + golang2 + `; dockgen generate --refresh moves the pin\n`
	t.Logf("check --online after a new image under the same tag (exit %d):\n%s", code, out)
	if code != 1 || !regexp.MustCompile("^"+want+"$").MatchString(out) {
		t.Fatalf("check --online after a new image: exit %d, stdout:\n%s\nwant one line matching %s", code, out, want)
	}

	// Regenerating keeps the pins; --refresh moves them and keeps the edit.
	if code, _, stderr := runWith(t, dir, reg, "generate"); code != 0 || !strings.Contains(read(), golang1) {
		t.Fatalf("generate without --refresh: exit %d, pin moved or lost\n%s", code, stderr)
	}
	if code, _, stderr := runWith(t, dir, reg, "generate", "--refresh"); code != 0 {
		t.Fatalf("generate --refresh: exit %d\n%s", code, stderr)
	}
	df = read()
	if !strings.Contains(df, "trixie@"+golang2+" AS build") || strings.Contains(df, golang1) || !strings.Contains(df, "ENV GODEBUG=madvdontneed=1\n") {
		t.Fatalf("after --refresh: want the new pin and the hand edit:\n%s", df)
	}
	if code, out, stderr := runWith(t, dir, reg, "check", "--online"); code != 0 {
		t.Fatalf("check --online after refresh: exit %d\n%s%s", code, out, stderr)
	}

	// --pin=false unpins, and is remembered.
	if code, _, stderr := runWith(t, dir, nil, "generate", "--pin=false"); code != 0 || strings.Contains(read(), "@sha256:") {
		t.Fatalf("generate --pin=false: exit %d\n%s\n%s", code, stderr, read())
	}
}

// TestPinOffline: without a registry, --pin fails with one line and writes
// nothing.
func TestPinOffline(t *testing.T) {
	srv := httptest.NewServer(ggcrregistry.New())
	host := strings.TrimPrefix(srv.URL, "http://")
	srv.Close() // nothing listens there any more
	dir := writeTempTree(t, map[string]string{"go.mod": helloMod, "main.go": helloMain})
	code, stdout, stderr := runWith(t, dir, &registry.Resolver{Mirror: host}, "generate", "--pin")
	if code != 1 || stdout != "" {
		t.Errorf("exit %d stdout %q, want exit 1 and no output", code, stdout)
	}
	if lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n"); len(lines) != 1 || !strings.HasPrefix(lines[0], "dockgen: --pin: resolving golang:1.26.11-trixie: ") {
		t.Errorf("stderr %q, want one line naming the image", stderr)
	}
	for _, f := range []string{"Dockerfile", ".dockerignore"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
			t.Errorf("%s written", f)
		}
	}

	// Pinning asked for by the settings line, not the flag: the error
	// names the line.
	if code, _, stderr := runWith(t, dir, nil, "generate"); code != 0 {
		t.Fatalf("generate: exit %d\n%s", code, stderr)
	}
	dockerfile := filepath.Join(dir, "Dockerfile")
	data, err := os.ReadFile(dockerfile)
	if err != nil {
		t.Fatal(err)
	}
	data = regexp.MustCompile(`(?m)^# dockgen-settings: .*$`).ReplaceAll(data, []byte("$0 pin=digest"))
	if err := os.WriteFile(dockerfile, data, 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = runWith(t, dir, &registry.Resolver{Mirror: host}, "generate")
	want := "dockgen: pin=digest (the dockgen-settings line of " + dockerfile + "): resolving golang:1.26.11-trixie: "
	if lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n"); code != 1 || len(lines) != 1 || !strings.HasPrefix(lines[0], want) {
		t.Errorf("saved pin=digest offline: exit %d, stderr %q, want exit 1 and one line starting %q", code, stderr, want)
	}
}
