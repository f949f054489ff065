// Package analyze reads a Go module (or workspace) and reports facts about it:
// the module path and Go version, vendoring, workspace and local replace
// targets, every main package as the go command would list it for
// linux/amd64 with default build tags, and for each main what it needs at run
// time.
//
// The analyzer never decides what the image looks like; that is the job of
// package plan. It is a parser, not a compiler: it reads go.mod and go.work
// with golang.org/x/mod/modfile, evaluates build constraints with go/build,
// reads only package clauses and imports to find packages and walk import
// closures, and parses whole only the files that can hold a run-time fact
// (time zones, TLS clients, temp files, ports, health routes, version
// variables): the project's own files a byte scan preselects, and the
// dependency files, vendored or in the module cache alike, that mention a
// need. Each file is parsed at most once, and value tracing has a memo and
// a work budget (eval.go), so the work stays linear in the size of the
// code. It does no type checking and never touches the network.
//
// Analyze takes an fs.FS rooted at the project directory so that tests can
// run it on in-memory trees (testing/fstest.MapFS).
package analyze
