// Package realworld is the real-world suite: public Go services and CLIs of
// varied shapes, pinned to a version, each with an expectation file written
// by a person who read its code (repos/NAME.json, every expectation marked
// with the file:line it comes from).
//
// Their sources come through the Go module proxy (package realsrc) and are
// cached outside the repository. Two levels use them:
//
//   - the analysis level (this package's tests, part of go test ./...):
//     dockgen's analysis and plan against the expectations, with the module
//     cache and with an empty one. It runs on the sources already cached and
//     skips with one line naming what is missing; DOCKGEN_REALWORLD=1 (or
//     DOCKGEN_E2E=1) fetches them first.
//   - the build level (e2e/realworld_test.go, behind DOCKGEN_E2E=1): generate
//     for each base, build unedited with the offline stand-in images, and
//     check the binary.
//
// go run ./scripts/realworld prints both as one table.
package realworld
