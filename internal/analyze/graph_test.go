package analyze

import (
	"io/fs"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
)

// The call graphs are joined once for all mains (joinedGraph); each main
// must still follow only the edges of its own closure. Here main a, seen
// first, brings srv's graph in, whose method Handle calls common.Listen;
// main b imports common too and calls a method named Handle of its own. A
// walk that followed srv's edges would take b from its Handle to
// common.Listen and give it a port.
func TestReachFollowsOnlyTheClosure(t *testing.T) {
	fsys := tree(
		"common/common.go", "package common\n\nimport \"net/http\"\n\nfunc Listen() { http.ListenAndServe(\":9001\", nil) }\n\nfunc Other() {}\n",
		"srv/srv.go", "package srv\n\nimport \"example.org/app/common\"\n\ntype S struct{}\n\nfunc (S) Handle() { common.Listen() }\n",
		"cmd/a/main.go", "package main\n\nimport \"example.org/app/srv\"\n\nfunc main() { srv.S{}.Handle() }\n",
		"cmd/b/main.go", "package main\n\nimport \"example.org/app/common\"\n\ntype w struct{}\n\nfunc (w) Handle() {}\n\nfunc main() { common.Other(); var x w; x.Handle() }\n",
	)
	p := mustAnalyze(t, fsys)
	got := map[string][]int{}
	serves := map[string]bool{}
	for _, m := range p.Mains {
		got[m.Dir] = m.Ports
		serves[m.Dir] = m.Serves
	}
	if !slices.Equal(got["cmd/a"], []int{9001}) || !serves["cmd/a"] {
		t.Errorf("cmd/a: ports %v, serves %v; want [9001], true", got["cmd/a"], serves["cmd/a"])
	}
	if len(got["cmd/b"]) != 0 || serves["cmd/b"] {
		t.Errorf("cmd/b: ports %v, serves %v; want none: srv is not in its closure", got["cmd/b"], serves["cmd/b"])
	}
}

// openLog is a file system that records the names opened in it.
type openLog struct {
	fs.FS
	mu     sync.Mutex
	opened []string
}

func (o *openLog) Open(name string) (fs.File, error) {
	o.mu.Lock()
	o.opened = append(o.opened, name)
	o.mu.Unlock()
	return o.FS.Open(name)
}

// Test files hold no fact: neither the project's nor a dependency's are
// opened, by go/build or by the scan.
func TestTestFilesNotOpened(t *testing.T) {
	project := &openLog{FS: tree(
		"go.mod", goMod+"\nrequire example.org/dep v1.0.0\n",
		"main.go", "package main\n\nimport \"example.org/dep\"\n\nfunc main() { dep.F() }\n",
		"main_test.go", "package main\n\nimport \"testing\"\n\nfunc TestX(t *testing.T) {}\n",
		"lib/lib.go", "package lib\n",
		"lib/lib_test.go", "package lib_test\n",
	)}
	cache := &openLog{FS: fstest.MapFS{
		"example.org/dep@v1.0.0/go.mod":      {Data: []byte("module example.org/dep\n")},
		"example.org/dep@v1.0.0/dep.go":      {Data: []byte("package dep\n\nimport \"net/http\"\n\nfunc F() { http.Get(\"https://example.org\") }\n")},
		"example.org/dep@v1.0.0/dep_test.go": {Data: []byte("package dep\n\nimport \"testing\"\n\nfunc TestF(t *testing.T) {}\n")},
	}}
	p, err := Analyze(project, Options{ModCache: cache})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Mains) != 1 || !p.Mains[0].Needs.CACerts {
		t.Fatalf("want one main that needs CA certificates (from dep.go), got %+v", p.Mains)
	}
	for _, o := range []*openLog{project, cache} {
		for _, name := range o.opened {
			if strings.HasSuffix(name, "_test.go") {
				t.Errorf("opened %s", name)
			}
		}
	}
}
