package e2e

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/dockgen/dockgen/e2e/harness"
)

// behaviours are the examples' own smoke checks, beyond the health route,
// keyed by example/binary: each exercises what the example's comment says
// it needs at run time. An example without an entry gets the generic checks
// only.
var behaviours = map[string]func(t *testing.T, ctx context.Context, e *harness.Env, ref string){
	// hello prints the stamped version and commit with -version.
	"hello/hello": func(t *testing.T, ctx context.Context, e *harness.Env, ref string) {
		out, err := e.Docker.Run(ctx, "run", "--rm", "--network", "host", ref, "-version")
		if err != nil {
			t.Fatalf("hello -version: %v", err)
		}
		if !strings.Contains(out, stampVersion) || !strings.Contains(out, stampCommit) {
			t.Errorf("hello -version printed %q, want %s and %s", out, stampVersion, stampCommit)
		}
	},
	// relay-api serves embedded assets, among them a .md file that a
	// .dockerignore must not drop, and its stamped version.
	"relay/relay-api": func(t *testing.T, ctx context.Context, e *harness.Env, ref string) {
		expect(t, "GET", "http://127.0.0.1:8081/ABOUT.md", "", "")
		expect(t, "GET", "http://127.0.0.1:8081/version", "", stampVersion)
	},
	// reports loads a time zone, writes a temporary file and reads
	// ./templates at run time.
	"reports/reports": func(t *testing.T, ctx context.Context, e *harness.Env, ref string) {
		expect(t, "GET", "http://127.0.0.1:8082/report", "", "Report for Europe/Paris")
	},
	// notes writes to SQLite (cgo) in the temporary directory.
	"notes/notes": func(t *testing.T, ctx context.Context, e *harness.Env, ref string) {
		expect(t, "POST", "http://127.0.0.1:8083/notes", "written by the e2e suite", "written by the e2e suite")
	},
}

// expect sends one request and wants 200 and, when want is not empty, a
// body holding it.
func expect(t *testing.T, method, url, body, want string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := (&http.Client{Timeout: 5 * time.Second}).Do(req)
	if err != nil {
		t.Errorf("%s %s: %v", method, url, err)
		return
	}
	defer resp.Body.Close()
	got, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(got), want) {
		t.Errorf("%s %s: %s %q, want 200 with %q", method, url, resp.Status, got, want)
		return
	}
	t.Logf("%s %s: 200 (%d bytes)", method, url, len(got))
}
