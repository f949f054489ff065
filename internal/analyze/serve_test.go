package analyze

import (
	"maps"
	"slices"
	"strings"
	"testing"
)

// mainImporting is a package main importing what the serve tests use.
func mainImporting(imports, body string) string {
	return "package main\n\nimport (\n" + imports + "\n)\n\n" + body + "\n"
}

// rootMain returns the main at the module root, a zero Main if none.
func rootMain(p *Project) Main {
	for _, m := range p.Mains {
		if m.Dir == "." {
			return m
		}
	}
	return Main{}
}

func TestPortsFromConfigLibraries(t *testing.T) {
	tests := []struct {
		name  string
		files []string
		want  []int
	}{
		{"gin Run without address", []string{"main.go", mainImporting(`"github.com/gin-gonic/gin"`, `func main() { r := gin.Default(); r.GET("/x", nil); r.Run() }`)}, []int{8080}},
		{"gin Run of another engine", []string{"main.go", mainImporting(`"github.com/gin-gonic/gin"`, `type app struct{}
func (app) Run() {}
func main() { var a app; a.Run(); _ = gin.Default }`)}, nil},
		{"viper default", []string{"main.go", mainImporting(`"net/http"
"github.com/spf13/viper"`, `func main() { viper.SetDefault("port", "3000"); http.ListenAndServe(":"+viper.GetString("port"), nil) }`)}, []int{3000}},
		{"viper default mixed case key", []string{"main.go", mainImporting(`"net/http"
"fmt"
"github.com/spf13/viper"`, `func main() { viper.SetDefault("Server.Port", 3001); http.ListenAndServe(fmt.Sprintf(":%d", viper.GetInt("server.port")), nil) }`)}, []int{3001}},
		{"envconfig default tag", []string{"main.go", mainImporting(`"net/http"
"fmt"`, "type Config struct {\n\tPort int `envconfig:\"PORT\" default:\"8080\"`\n}\nfunc main() { var c Config; http.ListenAndServe(fmt.Sprintf(\":%d\", c.Port), nil) }")}, []int{8080}},
		{"cleanenv env-default", []string{"main.go", mainImporting(`"net/http"`, "type Config struct {\n\tHTTP struct {\n\t\tAddr string `env:\"HTTP_ADDR\" env-default:\":8090\"`\n\t}\n}\nfunc main() { var c Config; http.ListenAndServe(c.HTTP.Addr, nil) }")}, []int{8090}},
		{"go-flags default", []string{"main.go", mainImporting(`"net/http"
"strconv"`, "var opts struct {\n\tPort int `long:\"port\" default:\"8081\"`\n}\nfunc main() { http.ListenAndServe(\":\"+strconv.Itoa(opts.Port), nil) }")}, []int{8081}},
		{"kong default", []string{"main.go", mainImporting(`"net"`, "var cli struct {\n\tListen string `help:\"address\" default:\"0.0.0.0:9000\"`\n}\nfunc main() { net.Listen(\"tcp\", cli.Listen) }")}, []int{9000}},
		{"flag.Int on a flag set", []string{"main.go", mainImporting(`"flag"
"fmt"
"net/http"
"os"`, `func main() { fs := flag.NewFlagSet("x", flag.ExitOnError); port := fs.Int("port", 8082, "port"); fs.Parse(os.Args[1:]); http.ListenAndServe(fmt.Sprintf(":%d", *port), nil) }`)}, []int{8082}},
		{"pflag IntVarP", []string{"main.go", mainImporting(`"fmt"
"net/http"
"github.com/spf13/pflag"`, `var port int
func main() { pflag.IntVarP(&port, "port", "p", 8083, "port"); http.ListenAndServe(fmt.Sprintf(":%d", port), nil) }`)}, []int{8083}},
		{"flag.StringP default", []string{"main.go", mainImporting(`"net/http"
"github.com/spf13/pflag"`, `var addr = pflag.StringP("addr", "a", ":8086", "listen address")
func main() { pflag.Parse(); http.ListenAndServe(*addr, nil) }`)}, []int{8086}},
		{"pflag.IP's usage is not its default", []string{"main.go", mainImporting(`"fmt"
"net/http"
"github.com/spf13/pflag"`, `var ip = pflag.IP("bind", nil, "127.0.0.1:9999")
func main() { pflag.Parse(); http.ListenAndServe(fmt.Sprint(*ip), nil) }`)}, nil},
		{"cobra flag read back", []string{"main.go", mainImporting(`"net/http"
"github.com/spf13/cobra"`, `func main() {
	cmd := &cobra.Command{Use: "app", RunE: func(c *cobra.Command, _ []string) error {
		addr, _ := c.Flags().GetString("addr")
		return http.ListenAndServe(addr, nil)
	}}
	cmd.Flags().String("addr", ":8084", "listen address")
	cmd.Execute()
}`)}, []int{8084}},
		{"urfave flag", []string{"main.go", mainImporting(`"net/http"
"github.com/urfave/cli/v2"`, `func main() {
	app := &cli.App{Flags: []cli.Flag{&cli.StringFlag{Name: "listen", Value: ":8085", EnvVars: []string{"LISTEN"}}},
		Action: func(c *cli.Context) error { return http.ListenAndServe(c.String("listen"), nil) }}
	app.Run(nil)
}`)}, []int{8085}},
		{"kingpin default", []string{"main.go", mainImporting(`"net/http"
"github.com/alecthomas/kingpin/v2"`, `var addr = kingpin.Flag("web.listen-address", "address").Default(":9100").String()
func main() { kingpin.Parse(); http.ListenAndServe(*addr, nil) }`)}, []int{9100}},
		{"config struct literal", []string{"main.go", mainImporting(`"net/http"`, `type Config struct{ ListenAddr string }
func defaults() Config { return Config{ListenAddr: "127.0.0.1:8086"} }
func main() { c := defaults(); http.ListenAndServe(c.ListenAddr, nil) }`)}, []int{8086}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := rootMain(mustAnalyze(t, tree(tt.files...)))
			if !slices.Equal(m.Ports, tt.want) && !(len(m.Ports) == 0 && len(tt.want) == 0) {
				t.Errorf("ports = %v, want %v (evidence %v)", m.Ports, tt.want, m.Evidence)
			}
			if len(tt.want) > 0 && !m.Serves {
				t.Errorf("serves = false, want true")
			}
		})
	}
}

func TestServingCommand(t *testing.T) {
	server := "package server\n\nimport \"net/http\"\n\n// Start serves.\nfunc Start() error { return http.ListenAndServe(\":8080\", nil) }\n\n// Ping is a client call.\nfunc Ping() {}\n"
	tests := []struct {
		name  string
		files []string
		want  []string
		ports []int
	}{
		{"cobra AddCommand of a variable", []string{"server/server.go", server, "main.go", mainImporting(`"github.com/spf13/cobra"
"example.org/app/server"`, `var rootCmd = &cobra.Command{Use: "app", Run: func(*cobra.Command, []string) {}}
var versionCmd = &cobra.Command{Use: "version", Run: func(*cobra.Command, []string) { println("v1") }}
var serveCmd = &cobra.Command{Use: "serve [flags]", RunE: runServe}
func runServe(*cobra.Command, []string) error { return server.Start() }
func main() { rootCmd.AddCommand(versionCmd, serveCmd); rootCmd.Execute() }`)}, []string{"serve"}, []int{8080}},
		{"cobra AddCommand of a constructor in another package", []string{"server/server.go", server,
			"cmd/cmd.go", "package cmd\n\nimport (\n\t\"github.com/spf13/cobra\"\n\t\"example.org/app/server\"\n)\n\n// NewDaemon builds the daemon command.\nfunc NewDaemon() *cobra.Command {\n\treturn &cobra.Command{Use: \"daemon\", RunE: func(*cobra.Command, []string) error { return server.Start() }}\n}\n",
			"main.go", mainImporting(`"github.com/spf13/cobra"
"example.org/app/cmd"`, `func main() { root := &cobra.Command{Use: "app"}; root.AddCommand(cmd.NewDaemon()); root.Execute() }`)}, []string{"daemon"}, []int{8080}},
		{"cobra root serves", []string{"server/server.go", server, "main.go", mainImporting(`"github.com/spf13/cobra"
"example.org/app/server"`, `func main() { root := &cobra.Command{Use: "app", RunE: func(*cobra.Command, []string) error { return server.Start() }}; root.AddCommand(&cobra.Command{Use: "version", Run: func(*cobra.Command, []string) {}}); root.Execute() }`)}, nil, []int{8080}},
		{"urfave commands", []string{"server/server.go", server, "main.go", mainImporting(`"os"
"github.com/urfave/cli/v2"
"example.org/app/server"`, `func main() {
	app := &cli.App{Name: "app", Commands: []*cli.Command{
		{Name: "ping", Action: func(*cli.Context) error { server.Ping(); return nil }},
		{Name: "web", Action: func(*cli.Context) error { return server.Start() }},
	}}
	app.Run(os.Args)
}`)}, []string{"web"}, []int{8080}},
		{"kong commands", []string{"server/server.go", server, "main.go", mainImporting(`"github.com/alecthomas/kong"
"example.org/app/server"`, "type ServeCmd struct{}\nfunc (ServeCmd) Run() error { return server.Start() }\ntype VersionCmd struct{}\nfunc (VersionCmd) Run() error { return nil }\nvar cli struct {\n\tServe ServeCmd `cmd:\"\" help:\"serve\"`\n\tVersion VersionCmd `cmd:\"\"`\n}\nfunc main() { ctx := kong.Parse(&cli); ctx.Run() }")}, []string{"serve"}, []int{8080}},
		{"switch on the first of the arguments handed to a function", []string{"server/server.go", server, "main.go", mainImporting(`"os"
"example.org/app/server"`, `func run(args []string) error {
	var cmd string
	if len(args) > 0 {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "version":
		println("v1")
	case "mount":
		return server.Start()
	}
	return nil
}

func main() { run(os.Args[1:]) }`)}, []string{"mount"}, []int{8080}},
		{"switch on os.Args", []string{"server/server.go", server, "main.go", mainImporting(`"os"
"example.org/app/server"`, `func main() {
	if len(os.Args) < 2 { return }
	switch os.Args[1] {
	case "ping":
		server.Ping()
	case "run", "start":
		server.Start()
	}
}`)}, []string{"run"}, []int{8080}},
		{"several serving commands prefer serve", []string{"server/server.go", server, "main.go", mainImporting(`"flag"
"example.org/app/server"`, `func main() {
	flag.Parse()
	switch cmd := flag.Arg(0); cmd {
	case "api":
		server.Start()
	case "serve":
		server.Start()
	}
}`)}, []string{"serve"}, []int{8080}},
		{"a command that listens on loopback only comes after one that listens on every interface", []string{"server/server.go", server, "main.go", mainImporting(`"net"
"net/http"
"os"
"github.com/urfave/cli/v2"`, `func main() {
	app := &cli.App{Name: "app", Commands: []*cli.Command{
		{Name: "serve", Action: func(*cli.Context) error { return http.ListenAndServe("127.0.0.1:9014", nil) }},
		{Name: "relay", Action: func(*cli.Context) error { _, err := net.Listen("tcp", ":9009"); return err }},
	}}
	app.Run(os.Args)
}`)}, []string{"relay"}, []int{9009}},
		{"client that imports the server package", []string{"server/server.go", server, "main.go", mainImporting(`"example.org/app/server"`, `func main() { server.Ping() }`)}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := onlyMain(t, tree(tt.files...))
			if !slices.Equal(m.Command, tt.want) && !(len(m.Command) == 0 && len(tt.want) == 0) {
				t.Errorf("command = %q, want %q (evidence %v)", m.Command, tt.want, m.Evidence)
			}
			if !slices.Equal(m.Ports, tt.ports) && !(len(m.Ports) == 0 && len(tt.ports) == 0) {
				t.Errorf("ports = %v, want %v", m.Ports, tt.ports)
			}
			if m.Serves != (len(tt.ports) > 0) {
				t.Errorf("serves = %v", m.Serves)
			}
		})
	}
}

func TestPortsByReachability(t *testing.T) {
	fsys := tree(
		"server/server.go", "package server\n\nimport \"net/http\"\n\n// Run serves.\nfunc Run() { http.HandleFunc(\"/healthz\", nil); http.ListenAndServe(\":80\", nil) }\n\n// Debug serves pprof.\nfunc Debug() { http.ListenAndServe(\":6060\", nil) }\n\n// Client talks to a server.\ntype Client struct{}\n\n// Get asks the server.\nfunc (Client) Get() {}\n",
		"cmd/serverd/main.go", "package main\n\nimport \"example.org/app/server\"\n\nfunc main() { go server.Debug(); server.Run() }\n",
		"cmd/client/main.go", "package main\n\nimport \"example.org/app/server\"\n\nfunc main() { var c server.Client; c.Get() }\n",
	)
	p := mustAnalyze(t, fsys)
	got := map[string]Main{}
	for _, m := range p.Mains {
		got[m.Binary] = m
	}
	if c := got["client"]; len(c.Ports) != 0 || c.HealthPath != "" || c.Serves {
		t.Errorf("client: ports %v, health %q, serves %v; want none (its listen calls are never reached)", c.Ports, c.HealthPath, c.Serves)
	}
	if s := got["serverd"]; !slices.Equal(s.Ports, []int{6060, 80}) && !slices.Equal(s.Ports, []int{80, 6060}) || s.HealthPath != "/healthz" {
		t.Errorf("serverd: ports %v, health %q; want 80 and 6060, /healthz", s.Ports, s.HealthPath)
	}
}

func TestListenAddress(t *testing.T) {
	tests := []struct {
		name        string
		src         string
		addr, host  string
		env, flags  []string
		loopbackEvd bool
	}{
		{"env with loopback default", `func main() { http.ListenAndServe(getenv("LISTEN_ADDR", "127.0.0.1:8080"), nil) }
func getenv(k, d string) string { if v := os.Getenv(k); v != "" { return v }; return d }`, "127.0.0.1:8080", "127.0.0.1", []string{"LISTEN_ADDR"}, nil, true},
		{"flag with localhost default", `var addr = flag.String("addr", "localhost:3000", "address")
func main() { flag.Parse(); http.ListenAndServe(*addr, nil) }`, "localhost:3000", "localhost", nil, []string{"addr"}, true},
		{"host and port from env", `func main() {
	host := os.Getenv("HOST"); if host == "" { host = "127.0.0.1" }
	port := os.Getenv("PORT"); if port == "" { port = "4000" }
	http.ListenAndServe(host+":"+port, nil)
}`, "127.0.0.1:4000", "127.0.0.1", []string{"HOST", "PORT"}, nil, true},
		{"fixed loopback", `func main() { http.ListenAndServe("127.0.0.1:5000", nil) }`, "127.0.0.1:5000", "127.0.0.1", nil, nil, true},
		{"all interfaces", `func main() { http.ListenAndServe(":5001", nil) }`, ":5001", "", nil, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := onlyMain(t, tree("main.go", mainImporting(`"flag"
"net/http"
"os"`, "var _ = flag.Parse\nvar _ = os.Getenv\n"+tt.src)))
			// An unset variable reads as "", so host+":"+port may also
			// give ":4000"; the default address must be among them.
			i := slices.IndexFunc(m.Listen, func(l Listen) bool { return l.Address == tt.addr })
			if i < 0 {
				t.Fatalf("listen = %+v, want %s among them", m.Listen, tt.addr)
			}
			l := m.Listen[i]
			if l.Address != tt.addr || l.Host != tt.host || !slices.Equal(l.Env, tt.env) || !slices.Equal(l.Flags, tt.flags) {
				t.Errorf("listen = %+v, want %s host %q env %v flags %v", l, tt.addr, tt.host, tt.env, tt.flags)
			}
			hasEv := false
			for _, ev := range m.Evidence {
				hasEv = hasEv || ev.Fact == FactListen
			}
			if hasEv != tt.loopbackEvd {
				t.Errorf("loopback evidence = %v, want %v (%v)", hasEv, tt.loopbackEvd, m.Evidence)
			}
		})
	}
}

func TestHealthRouteNeedsAHandler(t *testing.T) {
	m := onlyMain(t, tree("main.go", mainImporting(`"github.com/gin-gonic/gin"`, `func main() {
	r := gin.Default()
	api := r.Group("/api/ping")
	api.GET("/status", nil)
	r.Run()
}`)))
	if m.HealthPath != "" {
		t.Errorf("health = %q, want none: a route group is not a handler", m.HealthPath)
	}
	m = onlyMain(t, tree("main.go", mainImporting(`"github.com/gin-gonic/gin"`, `func main() {
	r := gin.Default()
	r.GET("/api/ping", func(*gin.Context) {})
	r.Run()
}`)))
	if m.HealthPath != "/api/ping" {
		t.Errorf("health = %q, want /api/ping", m.HealthPath)
	}
}

func TestDataDirs(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"sqlite file in the working directory", `func main() { sql.Open("sqlite3", "app.db") }`, []string{"."}},
		{"sqlite dsn with a directory", `var dsn = flag.String("db", "file:data/app.db?cache=shared", "database")
func main() { sql.Open("sqlite", *dsn) }`, []string{"data"}},
		{"in-memory sqlite", `func main() { sql.Open("sqlite3", ":memory:"); sql.Open("sqlite", "file::memory:?cache=shared") }`, nil},
		{"default data directory", `func main() { dir := os.Getenv("DATA_DIR"); if dir == "" { dir = "/var/lib/app" }; os.MkdirAll(dir, 0o750) }`, []string{"/var/lib/app"}},
		{"postgres is not a data directory", `func main() { sql.Open("postgres", "postgres://localhost/app") }`, nil},
		{"temporary files do not count", `func main() { os.WriteFile("/tmp/x", nil, 0o600) }`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := onlyMain(t, tree("main.go", mainImporting(`"database/sql"
"flag"
"os"`, "var _ = flag.Parse\nvar _ = os.Getenv\nvar _ = sql.Open\n"+tt.src)))
			var got []string
			for _, d := range m.DataDirs {
				got = append(got, d.Path)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("data dirs = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestVersionVarsOutsideMain(t *testing.T) {
	m := onlyMain(t, tree(
		"pkg/command/version.go", "package command\n\nvar (\n\tGitCommit string\n\tBuildTime = \"unknown\"\n\tdate = \"not a build date\"\n)\n",
		"main.go", "package main\n\nimport \"example.org/app/pkg/command\"\n\nfunc main() { println(command.GitCommit) }\n",
	))
	want := []string{"example.org/app/pkg/command.GitCommit", "example.org/app/pkg/command.BuildTime"}
	if !slices.Equal(m.VersionVars, want) {
		t.Errorf("version vars = %q, want %q (a package's date is not build information)", m.VersionVars, want)
	}
}

func TestRuntimeFilesThroughCalls(t *testing.T) {
	files := []string{
		"templates/index.html", "<p>hi</p>",
		"public/app.css", "p{}",
		"assets/logo.svg", "<svg/>",
		"data/seed.json", "{}",
		"main.go", mainImporting(`"embed"
"html/template"
"io/fs"
"net/http"
"os"
"path/filepath"`, `//go:embed assets
var embedded embed.FS

type server struct{ mux *http.ServeMux }

func (s *server) static(prefix, dir string) { s.mux.Handle(prefix, http.FileServer(http.Dir(dir))) }

func loadTemplates(pattern string) *template.Template { return template.Must(template.ParseGlob(pattern)) }

func assetsFS() http.FileSystem {
	if os.Getenv("DEV_MODE") != "" {
		return http.Dir("assets")
	}
	return http.FS(embedded)
}

func main() {
	s := &server{mux: http.NewServeMux()}
	s.static("/public/", "public")
	loadTemplates("templates/*.html")
	filepath.Walk("./data", func(string, fs.FileInfo, error) error { return nil })
	s.mux.Handle("/assets/", http.FileServer(assetsFS()))
	http.ListenAndServe(":8080", s.mux)
}`),
	}
	m := onlyMain(t, tree(files...))
	var got []string
	for _, rf := range m.RuntimeFiles {
		got = append(got, rf.Source)
	}
	slices.Sort(got)
	if want := []string{"data", "public", "templates"}; !slices.Equal(got, want) {
		t.Errorf("runtime files = %q, want %q (assets is embedded and read from disk only in dev mode)", got, want)
	}
	dropped := false
	for _, ev := range m.Evidence {
		dropped = dropped || ev.Pos == "assets" && strings.Contains(ev.Detail, "not copied")
	}
	if !dropped {
		t.Errorf("no evidence says why assets is not copied: %v", m.Evidence)
	}
}

// The root's own action (urfave/cli's app.Action or App{Action: …}, run
// when no subcommand is given, forks of urfave/cli too) does not run with
// the chosen subcommand: a port only it reaches is not the serving
// subcommand's (croc: the default action sends, starting a local relay;
// CMD is serve).
func TestRootActionIsNotTheSubcommands(t *testing.T) {
	pkgs := []string{
		"relay/relay.go", "package relay\n\nimport \"net/http\"\n\n// Run relays.\nfunc Run() error { return http.ListenAndServe(\":9009\", nil) }\n",
		"web/web.go", "package web\n\nimport \"net/http\"\n\n// Serve serves.\nfunc Serve() error { return http.ListenAndServe(\":9014\", nil) }\n",
	}
	mains := map[string]string{
		"assigned": mainImporting(`"os"
"github.com/urfave/cli/v2"
"example.org/app/relay"
"example.org/app/web"`, `func send(c *cli.Context) error { return relay.Run() }

func newApp() *cli.App {
	app := cli.NewApp()
	app.Name = "app"
	app.Commands = []*cli.Command{
		{Name: "send", Action: send},
		{Name: "serve", Action: func(*cli.Context) error { return web.Serve() }},
	}
	app.Action = func(c *cli.Context) error { return send(c) }
	return app
}

func main() { newApp().Run(os.Args) }`),
		"in the App literal, a fork": mainImporting(`"os"
"github.com/someone/cli/v2"
"example.org/app/relay"
"example.org/app/web"`, `func main() {
	app := &cli.App{Name: "app", Action: func(*cli.Context) error { return relay.Run() }, Commands: []*cli.Command{
		{Name: "serve", Action: func(*cli.Context) error { return web.Serve() }},
	}}
	app.Run(os.Args)
}`),
	}
	for name, src := range mains {
		t.Run(name, func(t *testing.T) {
			m := onlyMain(t, tree(append(slices.Clone(pkgs), "main.go", src)...))
			if !slices.Equal(m.Command, []string{"serve"}) || !slices.Equal(m.Ports, []int{9014}) {
				t.Errorf("command %q ports %v, want [serve] [9014] (evidence %v)", m.Command, m.Ports, m.Evidence)
			}
		})
	}
}

// A configuration file opened by an absolute default path (a urfave/cli
// flag whose value is filepath.Join(ConfigDirectory, "app.conf"), read
// back with c.Path) that the project ships under that name is a run-time
// file the image carries at that path (maddy: /etc/maddy/maddy.conf);
// one the project does not ship, or under /proc, is not.
func TestShippedFileAtAbsolutePath(t *testing.T) {
	files := []string{
		"app.conf", "listen :25\n",
		"cmd/app/app.yml", "x: 1\n",
		"status.txt", "\n",
		"cmd/app/main.go", mainImporting(`"os"
"path/filepath"
"github.com/urfave/cli/v2"`, `var ConfigDirectory = "/etc/app"

func run(c *cli.Context) error {
	f, err := os.Open(c.Path("config"))
	if err != nil {
		return err
	}
	defer f.Close()
	os.ReadFile("/etc/app/app.yml")
	os.ReadFile("/etc/app/missing.conf")
	os.ReadFile("/proc/self/status.txt")
	return nil
}

func main() {
	app := &cli.App{Name: "app", Flags: []cli.Flag{&cli.PathFlag{Name: "config", Value: filepath.Join(ConfigDirectory, "app.conf")}}, Action: run}
	app.Run(os.Args)
}`),
	}
	m := onlyMain(t, tree(files...))
	got := map[string]string{}
	for _, rf := range m.RuntimeFiles {
		got[rf.Path] = rf.Source
	}
	want := map[string]string{"/etc/app/app.conf": "app.conf", "/etc/app/app.yml": "cmd/app/app.yml"}
	if !maps.Equal(got, want) {
		t.Errorf("runtime files = %v, want %v", got, want)
	}
}

// A server whose listeners are written in the configuration file the image
// carries listens on the ports of the addresses on every interface there
// (maddy.conf: smtp tcp://0.0.0.0:25); commented lines, loopback and
// other hosts' addresses are not its listeners, and a main that does not
// serve has none.
func TestPortsFromShippedConfigFile(t *testing.T) {
	conf := "# debug tcp://0.0.0.0:9999\nsmtp tcp://0.0.0.0:25 {\n  upstream https://mx.example.org:443\n}\nimap tls://[::]:993 tcp://0.0.0.0:143\nmetrics tcp://127.0.0.1:9749\n"
	serve := `func main() {
	data, _ := os.ReadFile("/etc/mail/mail.conf")
	for _, addr := range strings.Fields(string(data)) {
		go net.Listen("tcp", addr)
	}
}`
	m := onlyMain(t, tree("mail.conf", conf, "main.go", mainImporting(`"net"
"os"
"strings"`, serve)))
	if want := []int{25, 143, 993}; !slices.Equal(m.Ports, want) {
		t.Errorf("ports = %v, want %v (evidence %v)", m.Ports, want, m.Evidence)
	}
	client := `func main() { os.ReadFile("/etc/mail/mail.conf") }`
	if m := onlyMain(t, tree("mail.conf", conf, "main.go", mainImporting(`"os"`, client))); len(m.Ports) != 0 {
		t.Errorf("a main that does not serve: ports = %v, want none", m.Ports)
	}
}

// Nested commands of different parents may share a name: the other
// serving commands list it once.
func TestOtherCommandsListedOnce(t *testing.T) {
	server := "package server\n\nimport \"net/http\"\n\n// Start serves.\nfunc Start() error { return http.ListenAndServe(\":8080\", nil) }\n"
	m := onlyMain(t, tree("server/server.go", server, "main.go", mainImporting(`"github.com/spf13/cobra"
"example.org/app/server"`, `func start(*cobra.Command, []string) error { return server.Start() }
func main() {
	root := &cobra.Command{Use: "app"}
	creds := &cobra.Command{Use: "creds"}
	creds.AddCommand(&cobra.Command{Use: "list", RunE: start})
	acct := &cobra.Command{Use: "acct"}
	acct.AddCommand(&cobra.Command{Use: "list", RunE: start})
	root.AddCommand(&cobra.Command{Use: "serve", RunE: start}, creds, acct)
	root.Execute()
}`)))
	if !slices.Equal(m.Command, []string{"serve"}) || !slices.Equal(m.OtherCommands, []string{"list"}) {
		t.Errorf("command %q, others %q: want serve, and list once", m.Command, m.OtherCommands)
	}
}
