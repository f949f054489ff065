package analyze

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

const goMod = "module example.org/app\n\ngo 1.26.0\n"

// tree builds an in-memory module from name → content pairs, with a go.mod
// unless one is given.
func tree(files ...string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for i := 0; i+1 < len(files); i += 2 {
		fsys[files[i]] = &fstest.MapFile{Data: []byte(files[i+1])}
	}
	if _, ok := fsys["go.mod"]; !ok {
		fsys["go.mod"] = &fstest.MapFile{Data: []byte(goMod)}
	}
	return fsys
}

func mustAnalyze(t *testing.T, fsys fstest.MapFS) *Project {
	t.Helper()
	p, err := Analyze(fsys, Options{})
	if err != nil {
		t.Fatalf("Analyze: %v", err)
	}
	return p
}

func onlyMain(t *testing.T, fsys fstest.MapFS) Main {
	t.Helper()
	p := mustAnalyze(t, fsys)
	if len(p.Mains) != 1 {
		t.Fatalf("got %d mains, want 1", len(p.Mains))
	}
	return p.Mains[0]
}

func TestPorts(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []int
	}{
		{"literal", `http.ListenAndServe(":8080", nil)`, []int{8080}},
		{"host and port", `http.ListenAndServe("0.0.0.0:9000", nil)`, []int{9000}},
		{"env with default", `port := os.Getenv("PORT"); if port == "" { port = "3000" }; http.ListenAndServe(":"+port, nil)`, []int{3000}},
		{"flag string", `addr := flag.String("addr", ":8443", "listen"); http.ListenAndServe(*addr, nil)`, []int{8443}},
		{"flag int and Sprintf", `p := flag.Int("port", 50051, "port"); net.Listen("tcp", fmt.Sprintf(":%d", *p))`, []int{50051}},
		{"server struct", `srv := &http.Server{Addr: ":7070"}; srv.ListenAndServe()`, []int{7070}},
		{"getenv helper", `http.ListenAndServe(":"+getenv("PORT", "8181"), nil)`, []int{8181}},
		{"cmp.Or", `http.ListenAndServe(cmp.Or(os.Getenv("ADDR"), ":8282"), nil)`, []int{8282}},
		{"JoinHostPort", `http.ListenAndServe(net.JoinHostPort("", "8383"), nil)`, []int{8383}},
		{"env only", `http.ListenAndServe(os.Getenv("ADDR"), nil)`, nil},
		{"client address is not a port", `c := redis.Options{Addr: "localhost:6379"}; _ = c`, nil},
		{"two servers", `go http.ListenAndServe(":9090", nil); http.ListenAndServe(":8080", nil)`, []int{9090, 8080}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := `package main

import (
	"cmp"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
)

var _ = cmp.Or[string]
var _ = flag.Parse
var _ = fmt.Sprint
var _ = net.Listen
var _ = os.Getenv

type redisOptions struct{ Addr string }

var redis = struct{ Options redisOptions }{}

func getenv(k, def string) string { return def }

func main() {
	` + tt.src + `
}
`
			m := onlyMain(t, tree("main.go", src))
			if !slices.Equal(m.Ports, tt.want) && !(len(m.Ports) == 0 && len(tt.want) == 0) {
				t.Errorf("ports = %v, want %v (evidence %v)", m.Ports, tt.want, m.Evidence)
			}
		})
	}
}

func TestHealthRoute(t *testing.T) {
	m := onlyMain(t, tree("main.go", `package main

import "net/http"

func main() {
	http.HandleFunc("/ping", nil)
	http.HandleFunc("GET /api/v1/healthz", nil)
	http.HandleFunc("/health", nil)
	http.HandleFunc("/healthz", nil)
	http.HandleFunc("/users", nil)
}
`))
	if m.HealthPath != "/healthz" {
		t.Errorf("health = %q, want /healthz (healthz ranks first, then the shortest)", m.HealthPath)
	}
}

func TestVersionVars(t *testing.T) {
	p := mustAnalyze(t, tree(
		"main.go", `package main

import "example.org/app/internal/version"

const defaultVersion = "dev"

var (
	version        = defaultVersion
	commit  string
	date    = "unknown"
	built   = computeBuilt()
	Name    = "app"
	sha     int
)

func computeBuilt() string { return "" }

func main() { _ = version.Version }
`,
		"internal/version/version.go", `package version

// Version is stamped.
var Version = "0.0.0"

// GitCommit is stamped.
var GitCommit string
`))
	want := []string{"main.version", "main.commit", "main.date", "example.org/app/internal/version.Version", "example.org/app/internal/version.GitCommit"}
	got := p.Mains[0].VersionVars
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("version vars = %q, want %q", got, want)
	}
}

func TestNeeds(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want Needs
	}{
		{"server only", `http.ListenAndServe(":80", nil)`, Needs{}},
		{"http client", `http.Get("https://example.com")`, Needs{CACerts: true}},
		{"custom client", `c := &http.Client{}; _ = c`, Needs{CACerts: true}},
		{"tls dial", `tls.Dial("tcp", "x:443", nil)`, Needs{CACerts: true}},
		{"time zone", `time.LoadLocation("Europe/Paris")`, Needs{TZData: true}},
		{"temp file", `os.CreateTemp("", "x")`, Needs{Tmp: true}},
		{"multipart", `var r *http.Request; r.ParseMultipartForm(1 << 20)`, Needs{Tmp: true}},
		{"users", `user.Lookup("nobody")`, Needs{Passwd: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := onlyMain(t, tree("main.go", `package main

import (
	"crypto/tls"
	"net/http"
	"os"
	"os/user"
	"time"
)

var _ tls.Certificate
var _ os.FileMode
var _ user.User
var _ time.Duration
var _ = http.StatusOK

func main() {
	`+tt.src+`
}
`))
			// The declarations above name types only: they are not needs.
			if m.Needs != tt.want {
				t.Errorf("needs = %+v, want %+v\nevidence %v", m.Needs, tt.want, m.Evidence)
			}
		})
	}
}

func TestTZDataEmbedded(t *testing.T) {
	m := onlyMain(t, tree("main.go", `package main

import (
	"time"
	_ "time/tzdata"
)

func main() { time.LoadLocation("Asia/Tokyo") }
`))
	if m.Needs.TZData || !m.Needs.TZEmbedded {
		t.Errorf("needs = %+v, want zoneinfo embedded and not needed from the image", m.Needs)
	}
}

func TestRuntimeFiles(t *testing.T) {
	m := onlyMain(t, tree(
		"cmd/web/main.go", `package main

import (
	"html/template"
	"net/http"
	"os"
)

func main() {
	http.Handle("/s/", http.FileServer(http.Dir("./static")))
	template.Must(template.ParseGlob("views/*.html"))
	os.ReadFile(".env")
	os.ReadFile("missing/config.yaml")
	os.ReadFile("/etc/hostname")
}
`,
		"static/app.css", "body{}",
		"cmd/web/views/index.html", "<p>",
		".env", "SECRET=1",
	))
	want := []RuntimeFile{
		{Path: "static", Source: "static", Dir: true},
		{Path: "views", Source: "cmd/web/views", Dir: true},
	}
	if !slices.Equal(m.RuntimeFiles, want) {
		t.Errorf("runtime files = %+v, want %+v", m.RuntimeFiles, want)
	}
}

// A file a function reads and writes back is edited in place (croc's
// updateversion rewrites cli.go and the README): not a run-time file. A
// settings file read at start and saved elsewhere still ships.
func TestEditedFilesAreNotShipped(t *testing.T) {
	m := onlyMain(t, tree(
		"tools/bump/main.go", `package main

import "os"

func bump(name string) {
	b, _ := os.ReadFile(name)
	os.WriteFile(name, append(b, '!'), 0o644)
}

func save(b []byte) { os.WriteFile("settings.json", b, 0o600) }

func main() {
	bump("README.md")
	os.ReadFile("templates/note.txt")
	b, _ := os.ReadFile("settings.json")
	save(b)
}
`,
		"README.md", "# app",
		"templates/note.txt", "hi",
		"settings.json", "{}",
	))
	want := []RuntimeFile{{Path: "templates/note.txt", Source: "templates/note.txt"}, {Path: "settings.json", Source: "settings.json"}}
	if !slices.Equal(m.RuntimeFiles, want) {
		t.Errorf("runtime files = %+v, want %+v", m.RuntimeFiles, want)
	}
}

func TestBinaryName(t *testing.T) {
	for in, want := range map[string]string{
		"example.org/svc/v2":          "svc",
		"example.org/svc/cmd/api":     "api",
		"example.org/svc/v1":          "v1",
		"example.org/tool/cmd/gen/v3": "gen",
		"example.org/v2":              "example.org",
		"v2":                          "v2",
	} {
		if got := BinaryName(in); got != want {
			t.Errorf("BinaryName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name string
		fsys fstest.MapFS
		want string
	}{
		{"no go.mod", fstest.MapFS{"main.go": {Data: []byte("package main")}}, "no go.mod or go.work in ."},
		{"malformed go.mod", tree("go.mod", "module example.org/x\n\ngo 1.26\nfrobnicate\n"), "go.mod:4: unknown directive: frobnicate"},
		{"go.mod is a directory", fstest.MapFS{"go.mod/x": {Data: []byte("x")}}, "go.mod is a directory, not a file"},
		{"binary go.mod", tree("go.mod", "\x7fELF\x00\x00garbage"), "go.mod:1: not a text file (NUL byte)"},
		{"no module line", tree("go.mod", "go 1.26\n"), "go.mod:1: no module directive"},
		{"replace without arguments", tree("go.mod", "module example.org/app\nreplace\n"), "go.mod:2: usage: replace module/path [v1.2.3] => other/module v1.4"},
		{"malformed module path", tree("go.mod", "module 0!\n"), "go.mod:1: malformed module path \"0!\": invalid char '!'"},
		{"no main", tree("lib.go", "package lib"), "no main package in . (looked in example.org/app)"},
		{"workspace outside", tree("go.work", "go 1.26\n\nuse ../other\n"), "go.work:3: use ../other lies outside ."},
		{"workspace without module", tree("go.work", "go 1.26\n\nuse ./api\n"), "go.work:3: use ./api: no go.mod there"},
		// Found by FuzzGoWork: a quoted use path may hold a newline.
		{"use path with a newline", tree("go.work", "use(\n\"\\n\"\n)"), `go.work:2: use "\n": no go.mod there`},
		{"used directory with a newline", tree("go.work", "use \"a\\nb\"\n", "a\nb/go.mod", "garbage\n"), `a\nb/go.mod:1: unknown directive: garbage`},
		{"workspace uses a directory twice", tree("go.work", "go 1.26\n\nuse (\n\t./a\n\ta/\n)\n", "a/go.mod", "module example.org/a\n", "a/main.go", "package main\nfunc main(){}"), "go.work:5: use a/: the directory is already used at line 4"},
		{"workspace uses a module twice", tree("go.work", "go 1.26\n\nuse ./a\nuse ./b\n", "a/go.mod", "module example.org/a\n", "b/go.mod", "module example.org/a\n", "a/main.go", "package main\nfunc main(){}"), "go.work:4: use ./b: module example.org/a is already used at line 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Analyze(tt.fsys, Options{})
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("error = %q, want it to start with %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error spans several lines: %q", err)
			}
		})
	}
	if _, err := Analyze(fstest.MapFS{}, Options{}); !errors.Is(err, ErrNoGoMod) {
		t.Errorf("empty tree: error %v does not wrap ErrNoGoMod", err)
	}
}

func TestDeterministic(t *testing.T) {
	fsys := tree("cmd/a/main.go", "package main\nimport \"net/http\"\nfunc main(){ http.ListenAndServe(\":1\", nil); http.Get(\"x\") }",
		"cmd/b/main.go", "package main\nfunc main(){}")
	a, b := mustAnalyze(t, fsys), mustAnalyze(t, fsys)
	if !slices.EqualFunc(a.Mains, b.Mains, func(x, y Main) bool {
		return x.Dir == y.Dir && slices.Equal(x.Ports, y.Ports) && slices.Equal(x.Evidence, y.Evidence)
	}) {
		t.Error("two analyses of the same tree differ")
	}
}

// TestModuleCacheWithoutTheModule: a module cache that exists but lacks a
// requirement must be reported, and the known-cgo fallback must apply.
func TestModuleCacheWithoutTheModule(t *testing.T) {
	fsys := tree(
		"go.mod", "module example.org/app\n\ngo 1.26.0\n\nrequire github.com/mattn/go-sqlite3 v1.14.32\n",
		"main.go", "package main\n\nimport _ \"github.com/mattn/go-sqlite3\"\n\nfunc main() {}\n",
	)
	p, err := Analyze(fsys, Options{ModCache: fstest.MapFS{"other@v1.0.0/x.go": {Data: []byte("package x")}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Warnings) == 0 || !strings.Contains(p.Warnings[0], "github.com/mattn/go-sqlite3@v1.14.32") {
		t.Errorf("warnings %q, want the missing module named", p.Warnings)
	}
	if want := []Missing{{Path: "github.com/mattn/go-sqlite3", Version: "v1.14.32", Reason: "not on disk"}}; !slices.Equal(p.Incomplete, want) {
		t.Errorf("incomplete %+v, want %+v", p.Incomplete, want)
	}
	if !p.Mains[0].Cgo {
		t.Error("go-sqlite3 is a known cgo module: cgo must be assumed when its source is missing")
	}
}

func TestCgoLibs(t *testing.T) {
	m := onlyMain(t, tree("main.go", `package main

// #cgo pkg-config: libsecret-1
// #cgo LDFLAGS: -lm -lrocksdb
import "C"

func main() {}
`, "x.cc", "int f() { return 1; }\n"))
	if !slices.Equal(m.CgoLibs, []string{"librocksdb", "libsecret-1 (pkg-config)"}) || !m.CgoCXX {
		t.Errorf("cgo libs %q, C++ %v", m.CgoLibs, m.CgoCXX)
	}
}

// TestNonGoFiles checks the non-Go sources reported for the build context:
// those of every platform, not only linux/amd64's, and the files #cgo
// flags name through ${SRCDIR}.
func TestNonGoFiles(t *testing.T) {
	m := onlyMain(t, tree(
		"main.go", "package main\n\nimport \"example.org/app/crc\"\n\nfunc main() { crc.Sum() }\n",
		"crc/crc.go", "package crc\n\nfunc Sum() {}\n",
		"crc/crc_amd64.s", "TEXT ·x(SB),0,$0\n",
		"crc/crc_arm64.s", "TEXT ·x(SB),0,$0\n",
		"crc/notes.txt", "not a source\n",
		"crc/crc_test.go", "package crc\n",
		"unused/u.c", "int z;\n",
	))
	if want := []string{"crc/crc_amd64.s", "crc/crc_arm64.s"}; !slices.Equal(m.NonGoFiles, want) {
		t.Errorf("NonGoFiles = %v, want %v", m.NonGoFiles, want)
	}
	m = onlyMain(t, tree(
		"main.go", "package main\n\nimport _ \"example.org/app/db\"\n\nfunc main() {}\n",
		"db/db.go", "package db\n\n// #cgo CFLAGS: -I${SRCDIR}/include -DX=1\n// #cgo LDFLAGS: -L${SRCDIR}/../lib -lfoo\n// #include \"db.h\"\nimport \"C\"\n",
		"db/db.h", "int x;\n",
		"db/include/extra.h", "int y;\n",
		"lib/libfoo.a", "!<arch>\n",
	))
	if want := []string{"db/db.h"}; !slices.Equal(m.NonGoFiles, want) {
		t.Errorf("NonGoFiles = %v, want %v", m.NonGoFiles, want)
	}
	if want := []string{"db/include", "lib"}; !slices.Equal(m.CgoPaths, want) {
		t.Errorf("CgoPaths = %v, want %v", m.CgoPaths, want)
	}
}

// TestModulesOnly: the module facts, with where the go line is, and no
// packages read.
func TestModulesOnly(t *testing.T) {
	fsys := tree(
		"go.mod", "module example.org/app\n\ngo 1.26.0\n\nrequire example.org/dep v1.0.0\n",
		"main.go", "package main\n\nfunc main() {}\n",
	)
	p, err := Analyze(fsys, Options{Root: "app", ModulesOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if p.Go != "1.26.0" || p.GoPos != "app/go.mod:3" || len(p.Requires) != 1 || len(p.Mains) != 0 {
		t.Errorf("go %s at %s, %d requires, %d mains; want 1.26.0 at app/go.mod:3, 1, 0", p.Go, p.GoPos, len(p.Requires), len(p.Mains))
	}
	work := tree("go.work", "go 1.26.1\n\nuse ./a\n", "a/go.mod", "module example.org/a\n\ngo 1.26.0\n")
	if p, err = Analyze(work, Options{ModulesOnly: true}); err != nil {
		t.Fatal(err)
	}
	if p.GoPos != "go.work:1" {
		t.Errorf("workspace go line at %q, want go.work:1", p.GoPos)
	}
}
