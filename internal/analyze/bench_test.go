package analyze

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// synthetic writes a module of about 3,000 packages and 10,000 files: 60
// mains under cmd/, and libraries that import each other, the standard
// library and github.com/google/uuid (which must be in the module cache).
func synthetic(tb testing.TB, dir string) {
	tb.Helper()
	write := func(name, content string) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	write("go.mod", "module example.org/big\n\ngo 1.26.0\n\nrequire github.com/google/uuid v1.6.0\n")
	write("go.sum", "github.com/google/uuid v1.6.0 h1:NIvaJDMOsjHA8n1jAhLSgzrAzy1Hgr+hNrb57e+94F0=\ngithub.com/google/uuid v1.6.0/go.mod h1:TIyPZe4MgqvfeYDBFedMoGGpEw/LqOeaOT+nhxU+yHo=\n")
	const libs, mains = 2940, 60
	files := 0
	for i := 0; i < libs; i++ {
		pkg := fmt.Sprintf("internal/area%02d/pkg%04d", i%40, i)
		imports := `"fmt"`
		if i > 0 {
			imports += fmt.Sprintf("\n\tdep %q", fmt.Sprintf("example.org/big/internal/area%02d/pkg%04d", (i-1)%40, i-1))
		}
		if i%50 == 0 {
			imports += "\n\t\"github.com/google/uuid\""
		}
		body := "func F() string { return fmt.Sprint(1) }\n"
		if i > 0 {
			body = "func F() string { return fmt.Sprint(dep.F()) }\n"
		}
		if i%50 == 0 {
			body += "func ID() string { return uuid.NewString() }\n"
		}
		write(pkg+"/a.go", fmt.Sprintf("package pkg%04d\n\nimport (\n\t%s\n)\n\n%s", i, imports, body))
		write(pkg+"/b.go", fmt.Sprintf("package pkg%04d\n\nimport \"strings\"\n\nfunc G() string { return strings.ToUpper(\"b\") }\n", i))
		write(pkg+"/c_linux.go", fmt.Sprintf("package pkg%04d\n\nimport \"os\"\n\nfunc H() int { return os.Getpid() }\n", i))
		files += 3
		if i%2 == 0 {
			write(pkg+"/a_test.go", fmt.Sprintf("package pkg%04d\n\nimport \"testing\"\n\nfunc TestA(t *testing.T) {}\n", i))
			files++
		}
	}
	for i := 0; i < mains; i++ {
		write(fmt.Sprintf("cmd/svc%02d/main.go", i), fmt.Sprintf(`package main

import (
	"net/http"

	lib %q
)

func main() {
	http.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(lib.F())) })
	http.ListenAndServe(":%d", nil)
}
`, fmt.Sprintf("example.org/big/internal/area%02d/pkg%04d", (i*49)%40, i*49), 8000+i))
		files++
	}
	tb.Logf("synthetic module: %d packages, %d files", libs+mains, files)
}

// BenchmarkAnalyzeVsGoList times, on the same synthetic tree in the same
// run, dockgen's main discovery against go list -e -find ./..., and the full
// analysis (import closures, dependency sources on disk, run-time facts)
// against go list -e -deps ./.... dockgen runs in-process; go list as the
// go command. It reports both times per operation and the two ratios
// (targets: mains/find < 0.5, full/deps < 1).
//
//	go test -run '^$' -bench AnalyzeVsGoList -benchtime 5x ./internal/analyze
func BenchmarkAnalyzeVsGoList(b *testing.B) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		b.Skip("go command not on PATH")
	}
	dir := b.TempDir()
	synthetic(b, dir)
	download := exec.Command(goBin, "mod", "download")
	download.Dir = dir
	if out, err := download.CombinedOutput(); err != nil {
		b.Fatalf("go mod download: %v\n%s", err, out)
	}
	mcOut, err := exec.Command(goBin, "env", "GOMODCACHE").Output()
	if err != nil {
		b.Fatal(err)
	}
	modcache := os.DirFS(strings.TrimSpace(string(mcOut)))
	goList := func(args ...string) time.Duration {
		cmd := exec.Command(goBin, append([]string{"list"}, args...)...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOOS=linux", "GOARCH=amd64", "CGO_ENABLED=1", "GOFLAGS=")
		start := time.Now()
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("go list: %v\n%s", err, out)
		}
		return time.Since(start)
	}
	analyze := func(mainsOnly bool) time.Duration {
		start := time.Now()
		p, err := Analyze(os.DirFS(dir), Options{ModCache: modcache, MainsOnly: mainsOnly})
		if err != nil {
			b.Fatal(err)
		}
		if len(p.Mains) != 60 {
			b.Fatalf("found %d mains, want 60", len(p.Mains))
		}
		return time.Since(start)
	}
	// Warm the file system cache and go's own caches once.
	goList("-e", "-find", "./...")
	goList("-e", "-deps", "./...")
	analyze(false)

	var mains, find, full, deps time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		mains += analyze(true)
		find += goList("-e", "-find", "./...")
		full += analyze(false)
		deps += goList("-e", "-deps", "./...")
	}
	n := float64(b.N)
	b.ReportMetric(float64(mains.Milliseconds())/n, "ms-dockgen-mains/op")
	b.ReportMetric(float64(find.Milliseconds())/n, "ms-golist-find/op")
	b.ReportMetric(float64(full.Milliseconds())/n, "ms-dockgen-full/op")
	b.ReportMetric(float64(deps.Milliseconds())/n, "ms-golist-deps/op")
	b.ReportMetric(float64(mains)/float64(find), "mains/find")
	b.ReportMetric(float64(full)/float64(deps), "full/deps")
}
