// Package lint reviews a Dockerfile, hand-written or generated, the way
// docker build --check would and then some: it parses with BuildKit's own
// parser (so the syntax accepted is exactly Docker's), runs BuildKit's
// parse-level rules, implements the build-check rules BuildKit only runs
// while converting a build (same names, messages and meaning, without
// resolving images or talking to a registry), and adds rules about Go
// builds: module download layering, cache mounts, cross-compilation, cgo and
// static final images, users, tags, and the Go version go.mod requires.
//
// Findings are reported with the rule's stable ID, the line, a one-line
// message, a fix hint and a documentation link. A "# check=skip=Rule1,Rule2"
// or "# check=skip=all" directive at the top of the Dockerfile, or in the
// comment right above an instruction, switches rules off as it does for
// docker build --check. Fix rewrites what can be fixed mechanically
// (instruction casing, JSON form, key=value form, -trimpath); the rules that
// need a person are listed, with the reason, in docs/lint.md.
//
// Rules run in a fixed order (the order of Rules); findings are sorted by
// line, then by that order.
package lint
