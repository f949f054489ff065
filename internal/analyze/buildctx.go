package analyze

import (
	"go/build"
	"io"
	"io/fs"
	"path"
	"strings"
	"time"
)

// newBuildContext returns a go/build context that reads from fsys, with
// slash-separated paths relative to its root, for the given platform, and
// opens files with open. The go command's own rules then decide which files
// belong to a package: build constraints, _GOOS_GOARCH.go file names,
// ignored names. Test files are left out of the listings go/build reads:
// no fact comes from them, and opening them was a third of the loading of
// a large closure. (A directory with test files only then has no Go files
// at all, which go build says of it too.)
func newBuildContext(fsys fs.FS, open func(string) (io.ReadCloser, error), goos, goarch string, cgo bool) *build.Context {
	ctx := build.Default
	ctx.GOROOT = ""
	ctx.GOPATH = ""
	ctx.Dir = ""
	ctx.GOOS = goos
	ctx.GOARCH = goarch
	ctx.CgoEnabled = cgo
	ctx.BuildTags = nil
	ctx.Compiler = "gc"
	ctx.JoinPath = func(elem ...string) string { return path.Join(elem...) }
	ctx.SplitPathList = func(list string) []string { return strings.Split(list, ":") }
	ctx.IsAbsPath = path.IsAbs
	ctx.HasSubdir = func(root, dir string) (string, bool) { return "", false }
	ctx.IsDir = func(name string) bool {
		info, err := fs.Stat(fsys, name)
		return err == nil && info.IsDir()
	}
	ctx.OpenFile = open
	ctx.ReadDir = func(name string) ([]fs.FileInfo, error) {
		entries, err := fs.ReadDir(fsys, name)
		if err != nil {
			return nil, err
		}
		infos := make([]fs.FileInfo, 0, len(entries))
		for _, e := range entries {
			if !strings.HasSuffix(e.Name(), "_test.go") {
				infos = append(infos, entryInfo{e})
			}
		}
		return infos, nil
	}
	return &ctx
}

// Ambient returns what an analysis depends on besides its fs.FS, its
// Options and dockgen's own code: the release and tool tags every build
// context above takes from build.Default, which go/build fills from the Go
// release dockgen was built with and from the process environment at start
// (GOEXPERIMENT, GOAMD64 and the like). Nothing else outside the FSes and
// Options is read: no GOROOT, no go command, no clock in the results. A
// cache of analyses keys on it.
func Ambient() string {
	return strings.Join(build.Default.ReleaseTags, ",") + ";" + strings.Join(build.Default.ToolTags, ",")
}

// entryInfo presents a DirEntry as a FileInfo without a stat call: go/build
// only asks for the name and the type.
type entryInfo struct{ fs.DirEntry }

func (e entryInfo) Size() int64        { return 0 }
func (e entryInfo) Mode() fs.FileMode  { return e.Type() }
func (e entryInfo) ModTime() time.Time { return time.Time{} }
func (e entryInfo) Sys() any           { return nil }
