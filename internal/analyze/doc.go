// Package analyze reads a Go module (or workspace) and reports facts about it:
// the module path and Go version, vendoring, workspace and local replace
// targets, every main package as the go command would list it for
// linux/amd64 with default build tags, and for each main what it needs at run
// time.
//
// The analyzer never decides what the image looks like; that is the job of
// package plan. It is a parser, not a compiler: it reads go.mod and go.work
// with golang.org/x/mod/modfile, evaluates build constraints with go/build,
// reads only package clauses and imports to find packages, and parses whole
// files only for the packages of the project itself to find run-time facts
// (time zones, TLS clients, temp files, ports, health routes, version
// variables). It does no type checking and never touches the network.
//
// Analyze takes an fs.FS rooted at the project directory so that tests can
// run it on in-memory trees (testing/fstest.MapFS).
package analyze
