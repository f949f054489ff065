package analyze

import (
	"strings"
	"testing"
)

// A health route built from a prefix traced through the evaluator (another
// package's variable) and a constant counts when a handler is registered
// on it; a route group built the same way does not (issue 11, fault 8).
func TestHealthRouteFromPrefix(t *testing.T) {
	const config = "package config\n\n// Webroot is the prefix of every route.\nvar Webroot = \"/\"\n"
	for _, tt := range []struct {
		name, register, want string
	}{
		{"method and prefix", `r.HandleFunc("GET "+config.Webroot+"livez", nil)`, "/livez"},
		{"prefix with a path", `r.HandleFunc(config.Webroot+"api/v1/readyz", nil)`, "/api/v1/readyz"},
		{"a route group", `r.PathPrefix(config.Webroot+"ping").Handler(nil)`, ""},
		{"not a health word", `r.HandleFunc(config.Webroot+"deliver", nil)`, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m := onlyMain(t, tree(
				"config/config.go", config,
				"main.go", mainImporting(`"net/http"

	"example.org/app/config"`, `type router interface {
	HandleFunc(string, http.HandlerFunc)
	PathPrefix(string) router
	Handler(http.Handler)
}

func main() {
	var r router
	`+tt.register+`
	http.ListenAndServe(":8025", nil)
}`)))
			if m.HealthPath != tt.want {
				t.Fatalf("health = %q, want %q", m.HealthPath, tt.want)
			}
			if tt.want == "" {
				return
			}
			for _, ev := range m.Evidence {
				if ev.Fact == FactHealth && strings.HasPrefix(ev.Pos, "main.go:") && strings.Contains(ev.Detail, "concatenation") {
					return
				}
			}
			t.Errorf("evidence %+v, want the registration's position", m.Evidence)
		})
	}
}
