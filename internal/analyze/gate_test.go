package analyze

import (
	"slices"
	"strings"
	"testing"
)

// A listen that runs only when a setting is changed from its default is
// reported as optional (with the condition, where it is and what turns it
// on), not as a port; one whose condition is unknown or on by default
// stays a port.
func TestOptionalListens(t *testing.T) {
	tests := []struct {
		name      string
		files     []string
		ports     []int
		optional  []int
		condPos   string
		enabledBy []string
	}{
		{"early return while a setting is empty by default", []string{
			"main.go", mainImporting(`"net"
"os"`, `var authFile string

func main() {
	authFile = os.Getenv("POP3_AUTH_FILE")
	go runPOP3()
	net.Listen("tcp", ":8025")
}

func runPOP3() {
	if authFile == "" {
		return
	}
	net.Listen("tcp", ":1110")
}`),
		}, []int{8025}, []int{1110}, "main.go:17", []string{"$POP3_AUTH_FILE"}},
		{"inside an if on a flag false by default", []string{
			"main.go", mainImporting(`"flag"
"net/http"`, `type config struct{ EnableMetrics bool }

func main() {
	var cfg config
	flag.BoolVar(&cfg.EnableMetrics, "enable-metrics", false, "serve metrics")
	flag.Parse()
	if cfg.EnableMetrics {
		go http.ListenAndServe(":9100", nil)
	}
	http.ListenAndServe(":8080", nil)
}`),
		}, []int{8080}, []int{9100}, "main.go:14", []string{"--enable-metrics"}},
		{"a nil credential set only after a quiet return on empty input (mailpit)", []string{
			"auth/auth.go", "package auth\n\nimport \"strings\"\n\ntype File struct{ users []string }\n\nvar POP3Credentials *File\n\nfunc SetPOP3Auth(s string) error {\n\tcredentials := split(s)\n\tif len(credentials) == 0 {\n\t\treturn nil\n\t}\n\tPOP3Credentials = &File{users: credentials}\n\treturn nil\n}\n\nfunc split(s string) []string { return strings.Fields(s) }\n",
			"config/config.go", "package config\n\nvar POP3Listen = \"[::]:1110\"\n",
			"pop3/pop3.go", "package pop3\n\nimport (\n\t\"net\"\n\n\t\"example.org/app/auth\"\n\t\"example.org/app/config\"\n)\n\nfunc Run() {\n\tif auth.POP3Credentials == nil || config.POP3Listen == \"\" {\n\t\treturn\n\t}\n\tnet.Listen(\"tcp\", config.POP3Listen)\n}\n",
			"main.go", mainImporting(`"net"
"os"
"example.org/app/auth"
"example.org/app/pop3"`, `func main() {
	auth.SetPOP3Auth(os.Getenv("MP_POP3_AUTH"))
	go pop3.Run()
	net.Listen("tcp", "[::]:1025")
}`),
		}, []int{1025}, []int{1110}, "pop3/pop3.go:11", []string{"$MP_POP3_AUTH"}},
		{"a return with an error says the setting is required, not optional", []string{
			"main.go", mainImporting(`"errors"
"net/http"
"os"`, `func main() { run() }

func run() error {
	if os.Getenv("DATABASE_URL") == "" {
		return errors.New("DATABASE_URL is required")
	}
	return http.ListenAndServe(":8080", nil)
}`),
		}, []int{8080}, nil, "", nil},
		{"a condition not known by default keeps the listen", []string{
			"main.go", mainImporting(`"net/http"
"os"`, `func main() {
	if _, err := os.Stat("site"); err != nil {
		return
	}
	http.ListenAndServe(":8080", nil)
}`),
		}, []int{8080}, nil, "", nil},
		{"a flag true by default keeps the listen", []string{
			"main.go", mainImporting(`"flag"
"net/http"`, `var metrics = flag.Bool("metrics", true, "serve metrics")

func main() {
	flag.Parse()
	if *metrics {
		go http.ListenAndServe(":9100", nil)
	}
	http.ListenAndServe(":8080", nil)
}`),
		}, []int{8080, 9100}, nil, "", nil},
		{"a constructor's result is not judged from its arguments", []string{
			"main.go", mainImporting(`"net/http"
"os"`, `type server struct{ addr string }

func newServer(addr string) *server { return &server{addr: addr} }

func main() {
	s := newServer(os.Getenv("ADDR"))
	if s == nil {
		return
	}
	http.ListenAndServe(":8080", nil)
}`),
		}, []int{8080}, nil, "", nil},
		{"a struct field a decoder fills is not known by default", []string{
			"main.go", mainImporting(`"encoding/json"
"net/http"
"os"`, `type config struct{ HTTPEnabled bool }

func main() {
	var cfg config
	data, _ := os.ReadFile("config.json")
	json.Unmarshal(data, &cfg)
	if !cfg.HTTPEnabled {
		return
	}
	http.ListenAndServe(":8080", nil)
}`),
		}, []int{8080}, nil, "", nil},
		{"an optional TLS listener of a port served anyway is not reported", []string{
			"main.go", mainImporting(`"crypto/tls"
"net"
"os"`, `func main() {
	cert := os.Getenv("TLS_CERT")
	if cert != "" {
		tls.Listen("tcp", ":1025", nil)
		return
	}
	net.Listen("tcp", ":1025")
}`),
		}, []int{1025}, nil, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := rootMain(mustAnalyze(t, tree(tt.files...)))
			got := slices.Sorted(slices.Values(m.Ports))
			if !slices.Equal(got, tt.ports) {
				t.Errorf("ports = %v, want %v (evidence %v)", got, tt.ports, m.Evidence)
			}
			var opt []int
			for _, o := range m.Optional {
				opt = append(opt, o.Port)
			}
			if !slices.Equal(opt, tt.optional) {
				t.Fatalf("optional = %v, want %v (evidence %v)", m.Optional, tt.optional, m.Evidence)
			}
			for _, l := range m.Listen {
				if slices.Contains(tt.optional, l.Port) {
					t.Errorf("listen %v: an optional listen is not a listen address", l)
				}
			}
			if len(m.Optional) == 0 {
				return
			}
			o := m.Optional[0]
			if o.ConditionPos != tt.condPos || !slices.Equal(o.EnabledBy, tt.enabledBy) {
				t.Errorf("optional %+v: want condition at %s, enabled by %v", o, tt.condPos, tt.enabledBy)
			}
			found := false
			for _, ev := range m.Evidence {
				found = found || ev.Fact == FactOptional && ev.Pos == tt.condPos && strings.Contains(ev.Detail, "off by default")
			}
			if !found {
				t.Errorf("no %s evidence at %s: %v", FactOptional, tt.condPos, m.Evidence)
			}
		})
	}
}
