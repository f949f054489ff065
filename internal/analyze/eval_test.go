package analyze

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strings"
	"testing"
)

// Pathological inputs, generated: the analysis must stay linear in the size
// of the code. The tests assert on the work counted by the trace, never on
// wall time; BenchmarkPathological keeps the times.

// pathological generates the source of a main package for each case, with n
// as its size.
var pathological = []struct {
	name string
	n    int
	src  func(n int) string
	// want is the port that must still be found, 0 for none.
	want int
	// maxSteps bounds the value-tracing steps as a function of n.
	maxSteps func(n int) int
}{
	{
		// One name assigned n times, each from itself: before the memo,
		// tracing x took (assignments)^depth steps.
		name: "one name assigned 10,000 times",
		n:    10_000,
		src: func(n int) string {
			var b strings.Builder
			b.WriteString("x := \":8080\"\n")
			for i := 0; i < n; i++ {
				fmt.Fprintf(&b, "x = x + %q\n", "")
			}
			for i := 0; i < 100; i++ {
				b.WriteString("http.ListenAndServe(x, nil)\n")
			}
			return b.String()
		},
		want:     8080,
		maxSteps: func(n int) int { return 4*n + 1000 },
	},
	{
		// A chain of n variables, each assigned from the one before, and
		// n nested calls of a getenv helper.
		name: "deep chains",
		n:    10_000,
		src: func(n int) string {
			var b strings.Builder
			b.WriteString("v0 := \":9090\"\n")
			for i := 1; i < n; i++ {
				fmt.Fprintf(&b, "v%d := v%d\n", i, i-1)
			}
			fmt.Fprintf(&b, "http.ListenAndServe(v%d, nil)\n", n-1)
			b.WriteString("http.ListenAndServe(" + strings.Repeat(`getenv("PORT", `, 1000) + `":9191"` + strings.Repeat(")", 1000) + ", nil)\n")
			return b.String()
		},
		want:     9090,
		maxSteps: func(n int) int { return 3*n + 5000 },
	},
	{
		// n names in a cycle, each also assigned from its neighbours
		// and itself: every name reaches every other.
		name: "mutual recursion",
		n:    2_500,
		src: func(n int) string {
			var b strings.Builder
			for i := 0; i < n; i++ {
				fmt.Fprintf(&b, "var m%d string\n", i)
			}
			b.WriteString("m0 = \":7070\"\n")
			for i := 0; i < n; i++ {
				fmt.Fprintf(&b, "m%d = m%d + m%d\nm%d = m%d\nm%d = m%d\n", i, (i+1)%n, i, i, (i+7)%n, i, (i+n-1)%n)
			}
			for i := 0; i < n; i += 100 {
				fmt.Fprintf(&b, "http.ListenAndServe(m%d, nil)\n", i)
			}
			return b.String()
		},
		want:     7070,
		maxSteps: func(n int) int { return 12*n + 1000 },
	},
	{
		// 50,000 lines shaped like generated protobuf decoders, the code
		// that made the analysis hang on grafana/loki: the same few names
		// (iNdEx, postIndex, shift, b) assigned thousands of times from
		// each other, and Addr fields set from them.
		name: "50,000-line file",
		n:    50_000,
		src: func(n int) string {
			const block = `for shift := uint(0); ; shift += 7 {
	if iNdEx >= l {
		return
	}
	b := dAtA[iNdEx]
	iNdEx++
	stringLen |= uint64(b&0x7F) << shift
	if b < 0x80 {
		break
	}
}
intStringLen := int(stringLen)
postIndex := iNdEx + intStringLen
if postIndex > l {
	return
}
m.Addr = string(dAtA[iNdEx:postIndex])
iNdEx = postIndex
addr = addr + m.Addr
`
			lines := strings.Count(block, "\n")
			var b strings.Builder
			b.WriteString("var iNdEx, l, stringLen int\nvar dAtA []byte\nvar m struct{ Addr string }\naddr := \":6060\"\n")
			for i := 0; i < n/lines; i++ {
				b.WriteString(block)
			}
			b.WriteString("http.ListenAndServe(addr, nil)\nnet.Listen(\"tcp\", iNdEx + postIndex)\n")
			return b.String()
		},
		want:     6060,
		maxSteps: func(n int) int { return n },
	},
	{
		// Listens behind early returns on n names, each set only inside
		// ifs on others: judging whether a listen is off by default
		// follows names into the conditions that guard their
		// assignments, each name judged once.
		name: "gates on gated names",
		n:    2_000,
		src: func(n int) string {
			var b strings.Builder
			b.WriteString("var cfg struct {\n")
			for i := 0; i < n; i++ {
				fmt.Fprintf(&b, "\tg%d string\n", i)
			}
			b.WriteString("}\n")
			for i := 0; i < n; i++ {
				fmt.Fprintf(&b, "if cfg.g%d != \"\" {\n\tcfg.g%d = cfg.g%d\n}\nif cfg.g%d == \"\" && cfg.g%d != \"\" {\n\tcfg.g%d = os.Getenv(\"G\")\n}\n", (i+1)%n, i, (i+7)%n, (i+3)%n, (i+5)%n, i)
			}
			b.WriteString("go http.ListenAndServe(\":5050\", nil)\n")
			for i := 0; i < n; i += 100 {
				fmt.Fprintf(&b, "go func() {\n\tif cfg.g%d == \"\" || cfg.g%d == \"\" {\n\t\treturn\n\t}\n\thttp.ListenAndServe(\":%d\", nil)\n}()\n", i, (i+11)%n, 10000+i)
			}
			return b.String()
		},
		want:     5050,
		maxSteps: func(n int) int { return 40*n + 1000 },
	},
}

// mainWith wraps statements in a main package that imports what the
// generated code uses.
func mainWith(body string) string {
	return "package main\n\nimport (\n\t\"net\"\n\t\"net/http\"\n\t\"os\"\n)\n\n" +
		"func getenv(k, d string) string { if v := os.Getenv(k); v != \"\" { return v }; return d }\n\n" +
		"func main() {\n" + body + "}\n\nvar _ = net.Listen\n"
}

func TestPathological(t *testing.T) {
	for _, tc := range pathological {
		t.Run(tc.name, func(t *testing.T) {
			src := mainWith(tc.src(tc.n))
			if _, err := parser.ParseFile(token.NewFileSet(), "main.go", src, parser.SkipObjectResolution); err != nil {
				t.Fatalf("generated source does not parse: %v", err)
			}
			var tr Trace
			p, err := Analyze(tree("main.go", src), Options{Trace: &tr})
			if err != nil {
				t.Fatal(err)
			}
			m := p.Mains[0]
			if !slices.Contains(m.Ports, tc.want) {
				t.Errorf("ports %v, want %d among them", m.Ports, tc.want)
			}
			if tr.OutOfBudget != 0 {
				t.Errorf("%d facts ran out of budget, want 0", tr.OutOfBudget)
			}
			if limit := tc.maxSteps(tc.n); tr.EvalSteps > int64(limit) || tr.EvalSteps == 0 {
				t.Errorf("value tracing took %d steps, want 1 to %d (linear in %d)", tr.EvalSteps, limit, tc.n)
			}
			t.Logf("%d lines, %d steps, %d optional listens", strings.Count(src, "\n"), tr.EvalSteps, len(m.Optional))
		})
	}
}

// TestEvalBudget: a fact whose tracing needs more steps than the budget
// says its value is unknown rather than taking the time, and the names it
// could not finish are remembered as unknown, not traced again.
func TestEvalBudget(t *testing.T) {
	var b strings.Builder
	b.WriteString("v0 := \":9090\"\n")
	const n = 1000
	for i := 1; i < n; i++ {
		fmt.Fprintf(&b, "v%d := v%d\n", i, i-1)
	}
	for i := 0; i < 50; i++ {
		fmt.Fprintf(&b, "http.ListenAndServe(v%d, nil)\n", n-1)
	}
	src := mainWith(b.String())
	ev := newEvaluator(token.NewFileSet(), []string{"main.go"}, [][]byte{[]byte(src)})
	f := ev.parse(0)
	if f == nil {
		t.Fatal("generated source does not parse")
	}
	ev.budget = 100
	var calls []result
	for i := 0; i < 50; i++ {
		calls = append(calls, ev.eval(ast.NewIdent(fmt.Sprintf("v%d", n-1)), importNames(f)))
	}
	for i, r := range calls {
		if !r.unknown || len(r.vals) != 0 {
			t.Fatalf("call %d: got %+v, want unknown and no values", i, r)
		}
	}
	if ev.steps > 100+50 {
		t.Errorf("50 facts over one chain took %d steps, want at most 150 (the chain traced once)", ev.steps)
	}

	// Through Analyze, the fact says so in its evidence.
	b.Reset()
	b.WriteString("v0 := \":9090\"\n")
	for i := 1; i < evalBudget; i++ {
		fmt.Fprintf(&b, "v%d := v%d\n", i, i-1)
	}
	fmt.Fprintf(&b, "http.ListenAndServe(v%d, nil)\n", evalBudget-1)
	var tr Trace
	p, err := Analyze(tree("main.go", mainWith(b.String())), Options{Trace: &tr})
	if err != nil {
		t.Fatal(err)
	}
	m := p.Mains[0]
	if len(m.Ports) != 0 || tr.OutOfBudget != 1 {
		t.Errorf("ports %v, %d out of budget; want none and 1", m.Ports, tr.OutOfBudget)
	}
	found := false
	for _, e := range m.Evidence {
		found = found || e.Fact == FactPort && strings.Contains(e.Detail, "unknown (budget)")
	}
	if !found {
		t.Errorf("no port evidence says unknown (budget): %+v", m.Evidence)
	}
}

// BenchmarkPathological times the analysis of each generated case.
//
//	go test -run '^$' -bench Pathological ./internal/analyze
func BenchmarkPathological(b *testing.B) {
	for _, tc := range pathological {
		fsys := tree("main.go", mainWith(tc.src(tc.n)))
		b.Run(strings.ReplaceAll(tc.name, " ", "_"), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := Analyze(fsys, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestParseOnDemand: the port assigned in another file is found. Every
// file of the project's own packages is parsed: the call graph that tells
// which listen calls a main reaches needs them all (other.go too).
func TestParseOnDemand(t *testing.T) {
	var tr Trace
	p, err := Analyze(tree(
		"main.go", "package main\n\nimport \"example.org/app/internal/server\"\n\nfunc main() { server.Serve() }\n",
		"internal/server/server.go", "package server\n\nimport \"net/http\"\n\nfunc Serve() { http.ListenAndServe(addr, nil) }\n",
		"internal/server/config.go", "package server\n\nvar addr = \":8080\"\n",
		"internal/server/other.go", "package server\n\nfunc helper() int { return 1 }\n",
	), Options{Trace: &tr})
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Mains[0].Ports; !slices.Equal(got, []int{8080}) {
		t.Errorf("ports %v, want [8080]", got)
	}
	if tr.FilesParsed != 4 {
		t.Errorf("%d files parsed, want 4 (main.go, server.go, config.go, other.go), each once", tr.FilesParsed)
	}
}

func TestCanHoldFact(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want bool
	}{
		{`x.Start()`, false},
		{`x.Start(ctx)`, true},
		{`Run( )`, false},
		{`s.Run(":80")`, true},
		{`srv.Addr = a`, true},
		{`Server{Addr: a}`, true},
		{`Addr := 1`, false},
		{`tz.LoadLocation(n)`, true},
		{`LoadLocation(n)`, false},
		{`mux.Handle("/readyz", h)`, true},
		{`f := os.Open`, true},
		{`func F() int { return 1 }`, false},
	} {
		if got := canHoldFact([]byte(tc.src)); got != tc.want {
			t.Errorf("canHoldFact(%q) = %v, want %v", tc.src, got, tc.want)
		}
	}
}
