package wizard

import (
	"bytes"
	"errors"
	"path"
	"reflect"
	"strings"
	"testing"

	"github.com/dockgen/dockgen/internal/analyze"
	"github.com/dockgen/dockgen/internal/plan"
	"github.com/dockgen/dockgen/internal/prompter"
)

func testProject(mains ...analyze.Main) *analyze.Project {
	return &analyze.Project{Module: "example.org/shop", Go: "1.26.0", Mains: mains}
}

func testMain(dir string, ports ...int) analyze.Main {
	bin := path.Base(dir)
	if dir == "." {
		bin = "shop"
	}
	return analyze.Main{ImportPath: path.Join("example.org/shop", dir), Dir: dir, Binary: bin, Ports: ports}
}

func cgoMain(dir string, ports ...int) analyze.Main {
	m := testMain(dir, ports...)
	m.Cgo = true
	m.CgoPackages = []string{"github.com/mattn/go-sqlite3"}
	return m
}

// TestChoose drives the questions with a Stub: which are asked, with which
// options and defaults, and the choices the answers make.
func TestChoose(t *testing.T) {
	three := testProject(testMain("cmd/api", 8080), testMain("cmd/worker"), testMain("tools/gen"))
	tests := []struct {
		name    string
		p       *analyze.Project
		start   plan.Choices
		given   plan.Given
		answers map[string][]prompter.Answer
		want    plan.Choices
		log     []string
		out     string
	}{
		{
			name: "defaults everywhere",
			p:    three,
			answers: map[string][]prompter.Answer{
				"Binaries to build:":                 {{Default: true}},
				"Primary binary (built by default):": {{Default: true}},
				"Base image:":                        {{Default: true}},
				"Port api listens on:":               {{Default: true}},
			},
			want: plan.Choices{Base: plan.Distroless},
			log: []string{
				`multiselect "Binaries to build:" ["cmd/api     port 8080" "cmd/worker" "tools/gen"] default ["cmd/api     port 8080" "cmd/worker"]`,
				`select "Primary binary (built by default):" ["api     port 8080" "worker"] default "api     port 8080"`,
				`select "Base image:" ["distroless  about 2 MB above the binary" "scratch     under 300 KB above the binary" "alpine      about 8 MB above the binary"] default "distroless  about 2 MB above the binary"`,
				`input "Port api listens on:" default "8080"`,
			},
			out: "Base images for the final stage:\n" +
				"  distroless  no shell, CA certificates, time zones and a nonroot user built\n" +
				"              in (recommended)\n" +
				"  scratch     nothing but the binary and exactly the files it needs; smallest,\n" +
				"              no shell\n" +
				"  alpine      a shell and busybox for debugging, musl libc; HEALTHCHECK\n" +
				"              possible\n",
		},
		{
			name: "every answer changed",
			p:    three,
			answers: map[string][]prompter.Answer{
				"Binaries to build:":                 {{Pick: []string{"cmd/worker", "tools/gen"}}},
				"Primary binary (built by default):": {{Pick: []string{"gen"}}},
				"Base image:":                        {{Pick: []string{"scratch"}}},
				"Port gen listens on:":               {{Text: "9000"}},
			},
			want: plan.Choices{Base: plan.Scratch, Mains: []string{"cmd/worker", "tools/gen"}, Primary: "gen", Port: 9000},
		},
		{
			name: "none turns the detected port off",
			p:    testProject(testMain(".", 8080)),
			answers: map[string][]prompter.Answer{
				"Base image:":           {{Pick: []string{"alpine"}}},
				"Port shop listens on:": {{Text: "none"}},
			},
			want: plan.Choices{Base: plan.Alpine, Port: -1},
			log: []string{
				`select "Base image:" ["distroless  about 2 MB above the binary" "scratch     under 300 KB above the binary" "alpine      about 8 MB above the binary"] default "distroless  about 2 MB above the binary"`,
				`input "Port shop listens on:" default "8080"`,
			},
		},
		{
			name:  "typing the detected port keeps it automatic",
			p:     testProject(testMain(".", 8080)),
			given: plan.Given{Base: true},
			answers: map[string][]prompter.Answer{
				"Port shop listens on:": {{Text: " 8080 "}},
			},
			want: plan.Choices{},
		},
		{
			name:  "flags answer everything but the ports: the primary's, then each other that serves",
			p:     three,
			start: plan.Choices{Mains: []string{"cmd/api", "cmd/worker"}, Primary: "worker", Base: plan.Scratch},
			given: plan.Given{Mains: true, Primary: true, Base: true},
			answers: map[string][]prompter.Answer{
				"Port worker listens on:": {{Text: "9090"}},
				"Port api listens on:":    {{Text: "8081"}},
			},
			want: plan.Choices{Mains: []string{"cmd/api", "cmd/worker"}, Primary: "worker", Base: plan.Scratch, Port: 9090, Ports: map[string]int{"api": 8081}},
			log:  []string{`input "Port worker listens on:" default "none"`, `input "Port api listens on:" default "8080"`},
		},
		{
			name:  "the primary's port by flag, another's asked; its detected port keeps it automatic",
			p:     three,
			start: plan.Choices{Mains: []string{"cmd/api", "cmd/worker"}, Primary: "worker", Port: 9090, Ports: map[string]int{"api": 8081}},
			given: plan.Given{Mains: true, Primary: true, Base: true, Port: true},
			answers: map[string][]prompter.Answer{
				"Port api listens on:": {{Text: "8080"}},
			},
			want: plan.Choices{Mains: []string{"cmd/api", "cmd/worker"}, Primary: "worker", Port: 9090},
			log:  []string{`input "Port api listens on:" default "8081"`},
		},
		{
			name:  "a port given by name is not asked", // saved ports of binaries since removed: plan.Layer drops them
			p:     three,
			start: plan.Choices{Mains: []string{"cmd/api", "cmd/worker"}, Primary: "api", Ports: map[string]int{"api": 81}},
			given: plan.Given{Mains: true, Primary: true, Base: true, Ports: true, PortNames: []string{"api"}},
			want:  plan.Choices{Mains: []string{"cmd/api", "cmd/worker"}, Primary: "api", Ports: map[string]int{"api": 81}},
			log:   []string{},
		},
		{
			name:  "the primary's saved port by name is asked and kept by name",
			p:     three,
			start: plan.Choices{Mains: []string{"cmd/api"}, Ports: map[string]int{"api": 81}},
			given: plan.Given{Mains: true, Primary: true, Base: true},
			answers: map[string][]prompter.Answer{
				"Port api listens on:": {{Text: "none"}},
			},
			want: plan.Choices{Mains: []string{"cmd/api"}, Ports: map[string]int{"api": -1}},
			log:  []string{`input "Port api listens on:" default "81"`},
		},
		{
			name:  "saved settings are the defaults",
			p:     three,
			start: plan.Choices{Mains: []string{"cmd/api", "tools/gen"}, Primary: "gen", Base: plan.Alpine, Port: 7000},
			answers: map[string][]prompter.Answer{
				"Binaries to build:":                 {{Default: true}},
				"Primary binary (built by default):": {{Default: true}},
				"Base image:":                        {{Default: true}},
				"Port gen listens on:":               {{Default: true}},
				"Port api listens on:":               {{Default: true}},
			},
			want: plan.Choices{Mains: []string{"cmd/api", "tools/gen"}, Primary: "gen", Base: plan.Alpine, Port: 7000},
			log: []string{
				`multiselect "Binaries to build:" ["cmd/api     port 8080" "cmd/worker" "tools/gen"] default ["cmd/api     port 8080" "tools/gen"]`,
				`select "Primary binary (built by default):" ["api  port 8080" "gen"] default "gen"`,
				`select "Base image:" ["distroless  about 2 MB above the binary" "scratch     under 300 KB above the binary" "alpine      about 8 MB above the binary"] default "alpine      about 8 MB above the binary"`,
				`input "Port gen listens on:" default "7000"`,
				`input "Port api listens on:" default "8080"`,
			},
		},
		{
			name:  "a saved primary that is no longer built is asked again",
			p:     three,
			start: plan.Choices{Primary: "gen"},
			given: plan.Given{Base: true, Port: true},
			answers: map[string][]prompter.Answer{
				"Binaries to build:":                 {{Pick: []string{"cmd/api", "cmd/worker"}}},
				"Primary binary (built by default):": {{Default: true}},
			},
			want: plan.Choices{},
		},
		{
			name:  "saved mains and primary that were since removed are forgotten",
			p:     testProject(testMain("cmd/api", 8080)),
			start: plan.Choices{Mains: []string{"cmd/old"}, Primary: "old"},
			given: plan.Given{Base: true, Port: true},
			want:  plan.Choices{},
			log:   []string{},
		},
		{
			name:  "no binary chosen: asked again",
			p:     three,
			given: plan.Given{Primary: true, Base: true, Port: true},
			answers: map[string][]prompter.Answer{
				"Binaries to build:": {{Pick: nil}, {Pick: []string{"cmd/worker"}}},
			},
			want: plan.Choices{Mains: []string{"cmd/worker"}},
			out:  "Choose at least one binary: Space checks it.\n",
		},
		{
			name:  "cgo: the bases that can run it, and how",
			p:     testProject(cgoMain(".", 8083)),
			given: plan.Given{Port: true},
			answers: map[string][]prompter.Answer{
				"Base image:": {{Default: true}},
			},
			want: plan.Choices{Base: plan.Distroless},
			log: []string{
				`select "Base image:" ["distroless  gcr.io/distroless/base-debian13:nonroot" "scratch     under 300 KB above the binary" "alpine      alpine:3.22"] default "distroless  gcr.io/distroless/base-debian13:nonroot"`,
			},
			out: "shop uses cgo (github.com/mattn/go-sqlite3), so these are the bases that can\n" +
				"run it:\n" +
				"  distroless  gcr.io/distroless/base-debian13:nonroot: distroless base has the\n" +
				"              glibc, libssl and CA certificates a cgo binary links against,\n" +
				"              and no shell\n" +
				"  scratch     cgo with a scratch image: the binary is linked statically\n" +
				"              (netgo, osusergo, -extldflags=-static) because the image has no\n" +
				"              glibc\n" +
				"  alpine      cgo with an alpine image: the binary is linked statically\n" +
				"              (netgo, osusergo, -extldflags=-static) because the image has no\n" +
				"              glibc\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stub := prompter.NewStub()
			for q, a := range tt.answers {
				stub.On(q, a...)
			}
			var out bytes.Buffer
			w := &Wizard{Prompter: stub, Out: &out}
			got, err := w.Choose(tt.p, tt.start, tt.given)
			if err != nil {
				t.Fatalf("Choose: %v\nasked: %q", err, stub.Log())
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("choices = %+v, want %+v", got, tt.want)
			}
			if tt.log != nil && !reflect.DeepEqual(append([]string{}, stub.Log()...), tt.log) {
				t.Errorf("questions:\n%s\nwant:\n%s", strings.Join(stub.Log(), "\n"), strings.Join(tt.log, "\n"))
			}
			if unused := stub.Unused(); len(unused) > 0 {
				t.Errorf("not asked: %q", unused)
			}
			if (tt.out != "" || tt.given.Base) && out.String() != tt.out {
				t.Errorf("out:\n%s\nwant:\n%s", out.String(), tt.out)
			}
		})
	}
}

// TestChooseErrors: cancelling stops at once; contradicting flags are a
// plan.ErrChoice.
func TestChooseErrors(t *testing.T) {
	three := testProject(testMain("cmd/api", 8080), testMain("cmd/worker"), testMain("tools/gen"))

	stub := prompter.NewStub().On("Binaries to build:", prompter.Answer{Default: true}).On("Primary binary (built by default):", prompter.Answer{Cancel: true})
	_, err := (&Wizard{Prompter: stub, Out: &bytes.Buffer{}}).Choose(three, plan.Choices{}, plan.Given{})
	if !errors.Is(err, prompter.ErrCancelled) {
		t.Errorf("cancel: err = %v, want prompter.ErrCancelled", err)
	}
	if len(stub.Log()) != 2 {
		t.Errorf("asked after cancelling: %q", stub.Log())
	}

	_, err = (&Wizard{Prompter: prompter.NewStub(), Out: &bytes.Buffer{}}).Choose(three, plan.Choices{Mains: []string{"cmd/nope"}}, plan.Given{Mains: true})
	if !errors.Is(err, plan.ErrChoice) {
		t.Errorf("unknown --main: err = %v, want plan.ErrChoice", err)
	}
}

func TestWrap(t *testing.T) {
	var b bytes.Buffer
	writeWrapped(&b, "  - ", strings.Repeat("word ", 30))
	for _, line := range strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n") {
		if len(line) > width {
			t.Errorf("line of %d columns: %q", len(line), line)
		}
		if !strings.HasPrefix(line, "  - word") && !strings.HasPrefix(line, "    word") {
			t.Errorf("badly indented: %q", line)
		}
	}
	if got := clip(strings.Repeat("x", 100), 10); got != "xxxxxxx..." {
		t.Errorf("clip = %q", got)
	}
}
