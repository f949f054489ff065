package analyze

import (
	"fmt"
	"go/token"
	"slices"
	"testing"
	"testing/fstest"
)

// Values traced across the module's packages: each case is a main and the
// packages it imports, and the ports that must be found (with the evidence
// naming the listen call).
func TestValuesAcrossPackages(t *testing.T) {
	tests := []struct {
		name  string
		files []string
		want  []int
	}{
		{"package variable of another package (mailpit)", []string{
			"config/config.go", "package config\n\nvar (\n\tSMTPListen = \"[::]:1025\"\n\tHTTPListen = \"[::]:8025\"\n)\n",
			"server/server.go", "package server\n\nimport (\n\t\"net/http\"\n\t\"example.org/app/config\"\n)\n\nfunc Listen() { s := &http.Server{Addr: config.HTTPListen}; s.ListenAndServe() }\n",
			"main.go", mainImporting(`"net"
"example.org/app/config"
"example.org/app/server"`, `func main() { go server.Listen(); net.Listen("tcp", config.SMTPListen) }`),
		}, []int{1025, 8025}},
		{"constant through a parameter of an exported function (litefs)", []string{
			"http/server.go", "package http\n\nimport \"net\"\n\nconst DefaultAddr = \":20202\"\n\ntype Server struct{ addr string }\n\nfunc NewServer(addr string) *Server { return &Server{addr: addr} }\n\nfunc (s *Server) Listen() error { _, err := net.Listen(\"tcp\", s.addr); return err }\n",
			"main.go", mainImporting(`"example.org/app/http"`, `type config struct{ Addr string }
func main() { var c config; c.Addr = http.DefaultAddr; http.NewServer(c.Addr).Listen() }`),
		}, []int{20202}},
		{"function return, slice literal, index (goaws)", []string{
			"conf/conf.go", "package conf\n\nfunc Load(file string) []string {\n\tports := []string{\"4100\"}\n\tif file == \"\" {\n\t\treturn ports\n\t}\n\treturn ports\n}\n",
			"main.go", mainImporting(`"net/http"
"example.org/app/conf"`, `func main() { ports := conf.Load(""); http.ListenAndServe("0.0.0.0:"+ports[0], nil) }`),
		}, []int{4100}},
		{"default address returned by a function (single return)", []string{
			"config/config.go", "package config\n\nfunc DefaultAddr() string { return \":8088\" }\n",
			"main.go", mainImporting(`"net/http"
"example.org/app/config"`, `func main() { http.ListenAndServe(config.DefaultAddr(), nil) }`),
		}, []int{8088}},
		{"constructor's struct field default, converted (smokescreen)", []string{
			"pkg/proxy/config.go", "package proxy\n\nimport (\n\t\"fmt\"\n\t\"net\"\n)\n\ntype Config struct{ Ip string; Port uint16 }\n\nfunc NewConfig() *Config { return &Config{Port: 4750} }\n\nfunc Start(c *Config) { net.Listen(\"tcp\", fmt.Sprint(c.Ip, \":\", c.Port)) }\n",
			"main.go", mainImporting(`"example.org/app/pkg/proxy"`, `func main() { c := proxy.NewConfig(); proxy.Start(c) }`),
		}, []int{4750}},
		{"a fallback for an empty field counts only when nothing sets it", []string{
			"smtpd/smtpd.go", "package smtpd\n\nimport \"net\"\n\ntype Server struct{ Addr string }\n\nfunc (srv *Server) ListenAndServe() error {\n\tif srv.Addr == \"\" {\n\t\tsrv.Addr = \":25\"\n\t}\n\t_, err := net.Listen(\"tcp\", srv.Addr)\n\treturn err\n}\n",
			"main.go", mainImporting(`"example.org/app/smtpd"`, `func main() { s := &smtpd.Server{Addr: "[::]:1025"}; s.ListenAndServe() }`),
		}, []int{1025}},
		{"the fallback when nothing sets the field", []string{
			"smtpd/smtpd.go", "package smtpd\n\nimport \"net\"\n\ntype Server struct{ Addr string }\n\nfunc (srv *Server) ListenAndServe() error {\n\tif srv.Addr == \"\" {\n\t\tsrv.Addr = \":2525\"\n\t}\n\t_, err := net.Listen(\"tcp\", srv.Addr)\n\treturn err\n}\n",
			"main.go", mainImporting(`"example.org/app/smtpd"`, `func main() { s := &smtpd.Server{}; s.ListenAndServe() }`),
		}, []int{2525}},
		{"viper default with a constant key, decoded by its mapstructure tag into a nested struct", []string{
			"config/config.go", "package config\n\nimport \"github.com/spf13/viper\"\n\ntype Server struct {\n\tHost string `mapstructure:\"host\"`\n\tPort int    `mapstructure:\"listen-port\"`\n}\n\ntype Config struct {\n\tServer Server `mapstructure:\"server\"`\n\tAdmin  Server `mapstructure:\"admin\"`\n}\n\nfunc Defaults() {\n\tviper.SetDefault(\"server.listen-port\", 7311)\n\tviper.SetDefault(\"metrics.listen-port\", 9999)\n}\n",
			"main.go", mainImporting(`"fmt"
"net/http"
"github.com/spf13/viper"
"example.org/app/config"`, `var c config.Config
func main() { config.Defaults(); viper.Unmarshal(&c); http.ListenAndServe(fmt.Sprintf("%s:%d", c.Server.Host, c.Server.Port), nil) }`),
		}, []int{7311}},
		{"map of viper defaults set in a loop through an exported helper, decoded by field name (ec2-metadata-mock)", []string{
			"config/config.go", "package config\n\nimport \"github.com/spf13/viper\"\n\nvar (\n\tprefix   = \"server.\"\n\tdefaults = map[string]interface{}{\n\t\tprefix + \"hostname\": \"0.0.0.0\",\n\t\tprefix + \"port\":     \"1338\",\n\t}\n)\n\nfunc Load(m map[string]interface{}) {\n\tfor k, v := range m {\n\t\tviper.SetDefault(k, v)\n\t}\n}\n\nfunc SetServerDefaults() { Load(defaults) }\n",
			"config/types.go", "package config\n\ntype Config struct {\n\tServer Server\n}\n\ntype Server struct {\n\tHostName string\n\tPort     string\n}\n",
			"server/server.go", "package server\n\nimport (\n\t\"fmt\"\n\t\"net/http\"\n)\n\nfunc ListenAndServe(hostname string, port string) { http.ListenAndServe(fmt.Sprint(hostname, \":\", port), nil) }\n",
			"main.go", mainImporting(`"github.com/spf13/viper"
"example.org/app/config"
"example.org/app/server"`, `func main() {
	config.SetServerDefaults()
	var aemm = config.Config{}
	viper.Unmarshal(&aemm)
	serve(aemm)
}
func serve(c config.Config) { server.ListenAndServe(c.Server.HostName, c.Server.Port) }`),
		}, []int{1338}},
		{"viper defaults reach a struct only through Unmarshal", []string{
			"main.go", mainImporting(`"net/http"
"github.com/spf13/viper"`, `type Config struct{ Addr string }
func main() { viper.SetDefault("addr", ":7312"); var c Config; http.ListenAndServe(c.Addr, nil) }`),
		}, nil},
		{"UnmarshalKey decodes behind its key", []string{
			"main.go", mainImporting(`"net/http"
"github.com/spf13/viper"`, `type HTTP struct{ Addr string }
func main() {
	viper.SetDefault("http.addr", ":7313")
	viper.SetDefault("addr", ":7314")
	var h HTTP
	viper.UnmarshalKey("http", &h)
	http.ListenAndServe(h.Addr, nil)
}`),
		}, []int{7313}},
		{"the Unmarshal target's type in its scope: an earlier c of another block is not it", []string{
			"main.go", mainImporting(`"net/http"
"github.com/spf13/viper"`, `type Other struct{ Port string }
type Config struct {
	HTTP struct{ Addr string } `+"`mapstructure:\"http\"`"+`
}
func main() {
	viper.SetDefault("http.addr", ":7315")
	{
		var c Other
		_ = c
	}
	var c Config
	viper.Unmarshal(&c)
	http.ListenAndServe(c.HTTP.Addr, nil)
}`),
		}, []int{7315}},
		{"the Unmarshal target returned by an own function", []string{
			"main.go", mainImporting(`"net/http"
"github.com/spf13/viper"`, `type Config struct{ Addr string }
func newConfig() *Config { return &Config{} }
func main() {
	viper.SetDefault("addr", ":7316")
	c := newConfig()
	viper.Unmarshal(c)
	http.ListenAndServe(c.Addr, nil)
}`),
		}, []int{7316}},
		{"a package variable of another file, its type named by that file's imports", []string{
			"config/config.go", "package config\n\ntype Server struct{ Port string }\n\ntype Config struct{ Server Server }\n",
			"vars.go", "package main\n\nimport cfg \"example.org/app/config\"\n\nvar c cfg.Config\n",
			"main.go", mainImporting(`"net/http"
"github.com/spf13/viper"`, `func main() {
	viper.SetDefault("server.port", ":7317")
	viper.Unmarshal(&c)
	http.ListenAndServe(c.Server.Port, nil)
}`),
		}, []int{7317}},
		{"a dependency's package is not traced into", []string{
			"main.go", mainImporting(`"net/http"
"example.com/dep/config"`, `func main() { http.ListenAndServe(config.Addr, nil) }`),
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := rootMain(mustAnalyze(t, tree(tt.files...)))
			got := slices.Clone(m.Ports)
			slices.Sort(got)
			if !slices.Equal(got, tt.want) && !(len(got) == 0 && len(tt.want) == 0) {
				t.Errorf("ports = %v, want %v (evidence %v)", got, tt.want, m.Evidence)
			}
		})
	}
}

// A run-time path defined as a constant in another package and passed
// through a helper there is followed (fault 7 across packages).
func TestRuntimeFilesAcrossPackages(t *testing.T) {
	m := onlyMain(t, tree(
		"templates/index.html", "<p>hi</p>",
		"web/web.go", "package web\n\nimport \"html/template\"\n\nconst TemplateDir = \"templates\"\n\nfunc Load(dir string) *template.Template { return template.Must(template.ParseGlob(dir + \"/*.html\")) }\n",
		"main.go", mainImporting(`"net/http"
"example.org/app/web"`, `func main() { web.Load(web.TemplateDir); http.ListenAndServe(":8080", nil) }`),
	))
	var got []string
	for _, rf := range m.RuntimeFiles {
		got = append(got, rf.Source)
	}
	if !slices.Equal(got, []string{"templates"}) {
		t.Errorf("runtime files = %q, want [templates] (evidence %v)", got, m.Evidence)
	}
}

// Tracing across packages opens only the files that mention the traced
// name, and parses each once for the whole analysis: a package of 51
// files, one of which defines the value, has only that one parsed again
// for it, however many packages trace into it.
func TestAcrossPackagesParsesOnlyMentioningFiles(t *testing.T) {
	files := []string{
		"config/addr.go", "package config\n\nconst Addr = \":7070\"\n",
		"a/a.go", "package a\n\nimport (\n\t\"net/http\"\n\t\"example.org/app/config\"\n)\n\nfunc A() { http.ListenAndServe(config.Addr, nil) }\n",
		"b/b.go", "package b\n\nimport (\n\t\"net/http\"\n\t\"example.org/app/config\"\n)\n\nfunc B() { http.ListenAndServe(config.Addr, nil) }\n",
		"main.go", mainImporting(`"example.org/app/a"
"example.org/app/b"`, `func main() { go a.A(); b.B() }`),
	}
	for i := 0; i < 50; i++ {
		files = append(files, fmt.Sprintf("config/other%d.go", i), "package config\n\nvar unrelated = 1\n")
	}
	var tr Trace
	p, err := Analyze(tree(files...), Options{Trace: &tr})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(p.Mains[0].Ports, []int{7070}) {
		t.Fatalf("ports = %v, want [7070]", p.Mains[0].Ports)
	}
	// 54 own files, each parsed once, by its package's scan or by tracing
	// into it, whichever comes first; addr.go at most once more, when a
	// tracing package comes after config's scan, which drops its trees
	// (not once per package that traces into it).
	if tr.FilesParsed < 54 || tr.FilesParsed > 55 {
		t.Errorf("%d files parsed, want 54 or 55", tr.FilesParsed)
	}
}

// A name local to a function is traced within it: port = "80" in another
// function is not the port this one listens on (smokescreen).
func TestLocalNamesAreScoped(t *testing.T) {
	m := onlyMain(t, tree("main.go", mainImporting(`"fmt"
"net"`, `type Config struct{ Port int }

func normalize(host string) string {
	port := ""
	if host == "x" {
		port = "80"
	}
	return host + port
}

func listen(c *Config) {
	port := c.Port
	net.Listen("tcp", fmt.Sprintf(":%d", port))
}

func main() { normalize("y"); listen(&Config{Port: 4750}) }`)))
	if !slices.Equal(m.Ports, []int{4750}) {
		t.Errorf("ports = %v, want [4750] (evidence %v)", m.Ports, m.Evidence)
	}
}

// A listen address set by a flag whose default is a whole address takes
// that default: another address copied into the same variable on a path
// that needs other arguments is not where the binary listens (croc's
// --bind, and its public website address); the flag is reported as one
// that takes an address.
func TestAddressFlagDefault(t *testing.T) {
	m := onlyMain(t, tree("main.go", mainImporting(`"flag"
"net/http"`, `var bind = flag.String("bind", "127.0.0.1:9014", "local HTTP bind address")

func resolve(public, bind string) string {
	if public == "" {
		public = "localhost:5173"
	}
	if public != "" && bind == "" {
		bind = public
	}
	return bind
}

func main() { flag.Parse(); http.ListenAndServe(resolve(flag.Arg(0), *bind), nil) }`)))
	if !slices.Equal(m.Ports, []int{9014}) {
		t.Errorf("ports = %v, want [9014] (evidence %v)", m.Ports, m.Evidence)
	}
	if len(m.Listen) != 1 || !slices.Equal(m.Listen[0].AddrFlags, []string{"bind"}) {
		t.Errorf("listen = %+v, want one address with bind among its address flags", m.Listen)
	}
}

// A parameter of a shared package's exported function takes its values
// from the calls linked into each binary only: two mains passing their own
// address to server.Run each get their own port, whatever the order in
// which the mains are described and whichever other mains exist.
func TestParameterValuesPerMain(t *testing.T) {
	server := "package server\n\nimport \"net/http\"\n\nfunc Run(addr string) { http.ListenAndServe(addr, nil) }\n"
	run := func(port string) string {
		return mainImporting(`"example.org/app/server"`, `func main() { server.Run(":`+port+`") }`)
	}
	for _, names := range [][2]string{{"a", "b"}, {"z", "0"}} {
		t.Run(names[0]+","+names[1], func(t *testing.T) {
			p := mustAnalyze(t, tree(
				"server/server.go", server,
				"cmd/"+names[0]+"/main.go", run("1111"),
				"cmd/"+names[1]+"/main.go", run("2222"),
			))
			want := map[string][]int{names[0]: {1111}, names[1]: {2222}}
			for _, m := range p.Mains {
				if !slices.Equal(m.Ports, want[m.Binary]) {
					t.Errorf("%s: ports = %v, want %v (evidence %v)", m.Binary, m.Ports, want[m.Binary], m.Evidence)
				}
			}
			if len(p.Mains) != 2 {
				t.Errorf("mains = %d, want 2", len(p.Mains))
			}
		})
	}
}

// A package whose values came from its importers is scanned again only for
// a main that links in other importers of it: cmd/a and cmd/b both reach
// server.Run through app, so server's facts are shared; cmd/c calls it
// itself and gets its own.
func TestParameterValuesSharedByLinkedImporters(t *testing.T) {
	var tr Trace
	fsys := tree(
		"server/server.go", "package server\n\nimport \"net/http\"\n\nfunc Run(addr string) { http.ListenAndServe(addr, nil) }\n",
		"app/app.go", "package app\n\nimport \"example.org/app/server\"\n\nfunc Start() { server.Run(\":1111\") }\n",
		"cmd/a/main.go", mainImporting(`"example.org/app/app"`, `func main() { app.Start() }`),
		"cmd/b/main.go", mainImporting(`"example.org/app/app"`, `func main() { app.Start() }`),
		"cmd/c/main.go", mainImporting(`"example.org/app/server"`, `func main() { server.Run(":2222") }`),
	)
	p, err := Analyze(fsys, Options{Trace: &tr})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]int{"a": {1111}, "b": {1111}, "c": {2222}}
	for _, m := range p.Mains {
		if !slices.Equal(m.Ports, want[m.Binary]) {
			t.Errorf("%s: ports = %v, want %v", m.Binary, m.Ports, want[m.Binary])
		}
	}
	if tr.Rescans != 1 {
		t.Errorf("packages scanned again = %d, want 1 (server, for cmd/c)", tr.Rescans)
	}
}

// A file's answers to mentions are kept per word: asking again, or asking
// another word, gives what a search of the source gives.
func TestSharedFileMentionsPerWord(t *testing.T) {
	src := "package p\n\nvar addr = \":80\" // listenAddr\nfunc Serve(x9 int) {}\n"
	a := &analyzer{fsys: fstest.MapFS{"p/p.go": {Data: []byte(src)}}}
	d := &sharedDir{a: a, dir: "p", fset: token.NewFileSet(), files: map[string]*sharedFile{}}
	for _, round := range []string{"first", "again"} {
		for word, want := range map[string]bool{
			"addr": true, "listenAddr": true, "Serve": true, "x9": true,
			"Addr": false, "listen": false, "Serv": false, "port": false,
		} {
			if got := d.mentions("p.go", word); got != want {
				t.Errorf("%s: mentions(%q) = %v, want %v", round, word, got, want)
			}
		}
	}
}

// A flag's default is looked up in the package that defines the flag met
// on the trace only: main's own -addr (an admin client's address) neither
// suppresses nor replaces the listen address that server's -addr sets,
// whichever package is scanned first.
func TestAddressFlagOfAnotherPackage(t *testing.T) {
	server := "package server\n\nimport \"flag\"\n\nvar fs = flag.NewFlagSet(\"server\", flag.ExitOnError)\n\nvar Addr = fs.String(\"addr\", \"0.0.0.0:7000\", \"listen address\")\n"
	m := onlyMain(t, tree(
		"server/flags.go", server,
		"main.go", mainImporting(`"flag"
"net"
"net/http"
"example.org/app/server"`, `var admin = flag.String("addr", "127.0.0.1:9999", "admin server to report to")

func main() {
	flag.Parse()
	if c, err := net.Dial("tcp", *admin); err == nil {
		c.Close()
	}
	http.ListenAndServe(*server.Addr, nil)
}`)))
	if !slices.Equal(m.Ports, []int{7000}) {
		t.Errorf("ports = %v, want [7000] (evidence %v)", m.Ports, m.Evidence)
	}
	if len(m.Listen) != 1 || m.Listen[0].Address != "0.0.0.0:7000" || !slices.Equal(m.Listen[0].AddrFlags, []string{"addr"}) || !slices.Equal(m.Listen[0].Flags, []string{"addr"}) {
		t.Errorf("listen = %+v, want 0.0.0.0:7000 set by server's -addr, reported once", m.Listen)
	}
}
