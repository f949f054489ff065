package analyze

import (
	"slices"
	"strings"
	"testing"
)

// A subcommand named like a health check whose code makes a request is the
// main's probe; one named so that only prints, or one that requests but is
// named otherwise, is not; a main that does not serve has none.
func TestHealthCommand(t *testing.T) {
	const imports = `"net"
	"net/http"
	"os"
	"time"`
	tests := []struct {
		name, cases string
		want        []string
	}{
		{"probe over HTTP", `case "check-health":
		probe()
	case "ping":
		println("pong")`, []string{"check-health"}},
		{"probe by dial", `case "readyz":
		net.DialTimeout("tcp", "127.0.0.1:8080", time.Second)`, []string{"readyz"}},
		{"named otherwise", `case "deliver":
		probe()
	case "shipping":
		probe()`, nil},
		{"named but no request", `case "ping":
		println("pong")`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := mainImporting(imports, `func probe() { http.Get("http://127.0.0.1:8080/healthz") }

func main() {
	switch os.Args[1] {
	case "serve":
		http.ListenAndServe(":8080", nil)
	`+tt.cases+`
	}
}`)
			m := onlyMain(t, tree("main.go", src))
			if !slices.Equal(m.HealthCommand, tt.want) {
				t.Fatalf("health command = %q, want %q", m.HealthCommand, tt.want)
			}
			if tt.want == nil {
				return
			}
			i := slices.IndexFunc(m.Evidence, func(ev Evidence) bool { return ev.Fact == FactProbe })
			if i < 0 || !strings.HasPrefix(m.Evidence[i].Pos, "main.go:") || !strings.Contains(m.Evidence[i].Detail, "main.go:") {
				t.Errorf("evidence %+v, want the subcommand's and the request's positions", m.Evidence)
			}
		})
	}
	client := mainImporting(`"net/http"
	"os"`, `func main() {
	switch os.Args[1] {
	case "ping":
		http.Get("https://example.com")
	}
}`)
	if m := onlyMain(t, tree("main.go", client)); m.HealthCommand != nil {
		t.Errorf("a client that does not serve: health command %q, want none", m.HealthCommand)
	}
}
