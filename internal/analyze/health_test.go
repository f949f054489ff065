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

// A health route is linked to the server whose handler registers it: the
// router passed to http.Server{Handler: r} or http.ListenAndServe(addr, r),
// a router that serves itself (r.Run(addr)), or net/http's default mux
// (a nil handler). A route the code does not tie to one server is not
// linked.
func TestHealthPort(t *testing.T) {
	for _, tt := range []struct {
		name, body string
		want       int
	}{
		{"server literal", `r := http.NewServeMux()
	r.HandleFunc("/livez", nil)
	go http.ListenAndServe(":1025", other())
	s := &http.Server{Addr: ":8025", Handler: r}
	s.ListenAndServe()`, 8025},
		{"listen argument", `r := http.NewServeMux()
	r.HandleFunc("/livez", nil)
	go http.ListenAndServe(":1025", other())
	http.ListenAndServe(":8025", r)`, 8025},
		{"default mux", `http.HandleFunc("/livez", nil)
	go http.ListenAndServe(":1025", other())
	http.ListenAndServe(":8025", nil)`, 8025},
		{"router runs itself", `r := newRouter()
	r.GET("/livez", nil)
	go http.ListenAndServe(":1025", other())
	r.Run(":8025")`, 8025},
		{"handed on", `r := http.NewServeMux()
	r.HandleFunc("/livez", nil)
	go http.ListenAndServe(":1025", other())
	http.ListenAndServe(":8025", wrap(r))`, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m := onlyMain(t, tree("main.go", mainImporting(`"net/http"`, `type router struct{}

func (router) GET(string, http.HandlerFunc) {}
func (router) Run(string)                   {}
func newRouter() router                     { return router{} }
func other() http.Handler                   { return nil }
func wrap(h http.Handler) http.Handler      { return h }

func main() {
	`+tt.body+`
}`)))
			if m.HealthPath != "/livez" || m.HealthPort != tt.want {
				t.Errorf("health %q on port %d, want /livez on %d (evidence %+v)", m.HealthPath, m.HealthPort, tt.want, m.Evidence)
			}
		})
	}
}
