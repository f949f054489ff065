package realworld

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"

	"github.com/dockgen/dockgen/internal/realsrc"
)

//go:embed repos/*.json
var reposFS embed.FS

// Repo is one project of the suite and what a person who read its code
// expects of it.
type Repo struct {
	// Name is the file name of the expectation (repos/NAME.json).
	Name string `json:"name"`
	// Module and Version pin the source; Vendor re-creates a committed
	// vendor directory that module zips leave out.
	Module  string `json:"module"`
	Version string `json:"version"`
	Vendor  bool   `json:"vendor,omitempty"`
	// Shapes say why the project is in the suite ("cobra subcommands").
	Shapes []string `json:"shapes"`
	// Mains are every main package dockgen analyze must list, in directory
	// order.
	Mains []Main `json:"mains"`
	// Primary is the binary that serves (or the one a person runs).
	Primary Fact[string] `json:"primary"`
	// Bases are the final images the build level builds it on: every base
	// that can run it.
	Bases []string `json:"bases"`
	// Blocked names faults owned elsewhere that stop a level for this
	// project, with why; the level reports them instead of failing.
	Blocked []Blocked `json:"blocked,omitempty"`
}

// Main is one main package with what it needs.
type Main struct {
	// Dir is the package directory, "." for the root.
	Dir string `json:"dir"`
	// From is the file:line of its package clause.
	From string `json:"from"`
	// Cgo: the binary needs cgo (a package of its closure cannot build, or
	// builds a run-time stub, with cgo off).
	Cgo Fact[bool] `json:"cgo"`
	// CgoOptional: the closure has cgo packages that have a pure-Go
	// fallback, used with cgo off.
	CgoOptional Fact[bool] `json:"cgo_optional"`
	// Generate is the go:generate command that must run before the package
	// compiles, "" when it compiles as committed.
	Generate Fact[string] `json:"generate"`
	// Ports are the TCP ports it listens on by default.
	Ports Fact[[]int] `json:"ports"`
	// Listen is the default listen address ("127.0.0.1:8080"), "" for none.
	Listen Fact[string] `json:"listen"`
	// Command is the command line that makes it serve (a subcommand, a
	// flag), empty when it serves as it starts or does not serve.
	Command Fact[[]string] `json:"command"`
	// RuntimeFiles are the project files it reads at run time.
	RuntimeFiles Fact[[]string] `json:"runtime_files"`
	// Database is the database it needs to start ("postgres"), "" for none.
	Database Fact[string] `json:"database"`
	// Setup is what else it needs from outside before it serves, when it
	// cannot serve in an unprivileged container started with no arguments
	// (a configuration file, a device, certificates): the run level then
	// checks, like for a database, that its log says it stops there.
	Setup *Fact[Setup] `json:"setup,omitempty"`
	// Smoke is the command line the build level runs the built binary with;
	// it must exit 0.
	Smoke Fact[[]string] `json:"smoke"`
}

// Setup is a need from outside, read in the code: what is needed, and a
// regular expression its log matches when it stops at that need.
type Setup struct {
	Needs string `json:"needs"`
	Log   string `json:"log"`
}

// Fact is one expectation: the value, why, and the file:line it comes
// from (relative to the module root).
type Fact[T any] struct {
	Value T        `json:"value"`
	Why   string   `json:"why,omitempty"`
	From  []string `json:"from"`
}

// Blocked is a fault owned elsewhere that stops a level for a project.
type Blocked struct {
	// Level is "analysis", "build" or "run". A run-level entry is a known
	// gap: the row's run problems are reported, not failed, and a row
	// that runs although marked is a failure, so the list cannot go stale.
	Level string `json:"level"`
	// Base limits it to one base; "" means every base.
	Base string `json:"base,omitempty"`
	// Field limits an analysis-level entry to one strict field of the
	// expectations ("listen"): its mismatch is reported instead of
	// failed, and a match fails, so the mark cannot go stale. "" blocks
	// the whole level.
	Field string `json:"field,omitempty"`
	// Main is the directory of the main (Main.Dir) a field mark is about,
	// "" for a field of the project ("mains"): a mark covers one main's
	// field, not the same field of the repo's other mains.
	Main string `json:"main,omitempty"`
	// Fault names the issue and fault ("issue 10 fault 4").
	Fault string `json:"fault"`
	Why   string `json:"why"`
}

// Source is the pinned source of the repo.
func (r Repo) Source() realsrc.Source {
	return realsrc.Source{Module: r.Module, Version: r.Version, Vendor: r.Vendor}
}

// BlockedAt returns the fault that blocks level on base, if any.
func (r Repo) BlockedAt(level, base string) (Blocked, bool) {
	for _, b := range r.Blocked {
		if b.Level == level && b.Field == "" && (b.Base == "" || b.Base == base) {
			return b, true
		}
	}
	return Blocked{}, false
}

// FieldMark names what a field mark covers: one field of one main ("" for
// the project).
type FieldMark struct{ Main, Field string }

// BlockedFields returns the analysis-level marks of single fields, by
// main and field.
func (r Repo) BlockedFields() map[FieldMark]Blocked {
	out := map[FieldMark]Blocked{}
	for _, b := range r.Blocked {
		if b.Level == "analysis" && b.Field != "" {
			out[FieldMark{b.Main, b.Field}] = b
		}
	}
	return out
}

// checkMarks rejects field marks that would hide more or less than they
// say: a field that is not strict (never failed, so never to be marked),
// a main that is not among the expected ones, a main on a project field
// or none on a main's field, and two marks of one main's field.
func (r Repo) checkMarks() error {
	seen := map[FieldMark]bool{}
	for _, b := range r.Blocked {
		if b.Field == "" {
			if b.Main != "" {
				return fmt.Errorf("mark %q names main %q but no field", b.Fault, b.Main)
			}
			continue
		}
		if b.Level != "analysis" {
			return fmt.Errorf("mark of field %q is at level %q: field marks are analysis-level", b.Field, b.Level)
		}
		if !slices.Contains(Strict, b.Field) {
			return fmt.Errorf("mark of field %q: not a strict field (%s)", b.Field, strings.Join(Strict, ", "))
		}
		if _, ok := r.Main(b.Main); b.Field == "mains" && b.Main != "" || b.Field != "mains" && !ok {
			return fmt.Errorf("mark of field %q names main %q, which is not an expected main (\"main\": a mains[].dir; \"\" only for \"mains\")", b.Field, b.Main)
		}
		k := FieldMark{b.Main, b.Field}
		if seen[k] {
			return fmt.Errorf("two marks of field %q of main %q", b.Field, b.Main)
		}
		seen[k] = true
	}
	return nil
}

// Main returns the expected main in dir.
func (r Repo) Main(dir string) (Main, bool) {
	for _, m := range r.Mains {
		if m.Dir == dir {
			return m, true
		}
	}
	return Main{}, false
}

// Repos reads every expectation file, sorted by name.
func Repos() ([]Repo, error) {
	names, err := fs.Glob(reposFS, "repos/*.json")
	if err != nil {
		return nil, err
	}
	slices.Sort(names)
	var out []Repo
	for _, name := range names {
		data, err := reposFS.ReadFile(name)
		if err != nil {
			return nil, err
		}
		var r Repo
		dec := json.NewDecoder(strings.NewReader(string(data)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&r); err != nil {
			return nil, fmt.Errorf("internal/realworld/%s: %w", name, err)
		}
		if want := strings.TrimSuffix(path.Base(name), ".json"); r.Name != want {
			return nil, fmt.Errorf("internal/realworld/%s: name %q, want %q", name, r.Name, want)
		}
		if err := r.checkMarks(); err != nil {
			return nil, fmt.Errorf("internal/realworld/%s: %w", name, err)
		}
		out = append(out, r)
	}
	return out, nil
}

// FetchWanted reports whether the suite may fetch sources that are not
// cached: DOCKGEN_REALWORLD=1 or DOCKGEN_E2E=1. Without it, go test ./...
// stays fast and offline, using only the cache.
func FetchWanted() bool {
	return os.Getenv("DOCKGEN_REALWORLD") == "1" || os.Getenv("DOCKGEN_E2E") == "1"
}

// ErrNotCached says that a source is not in the cache and fetching was not
// asked for.
var ErrNotCached = errors.New("not in the real-world cache (DOCKGEN_REALWORLD=1 fetches it)")

// Tree returns the source tree of r from the cache, fetching it (and its
// dependencies, into the module cache) when fetch is true. Dependencies
// are downloaded once per tree: a marker file records it.
func Tree(ctx context.Context, r Repo, fetch bool) (realsrc.Tree, error) {
	t, ok := realsrc.Cached(r.Source())
	if !ok && !fetch {
		return t, fmt.Errorf("%s: %w", r.Source(), ErrNotCached)
	}
	if !ok {
		var err error
		if t, err = realsrc.Get(ctx, r.Source()); err != nil {
			return t, err
		}
	}
	if !DepsReady(t) {
		if !fetch {
			return t, fmt.Errorf("%s: dependencies %w", r.Source(), ErrNotCached)
		}
		if err := downloadDeps(ctx, t); err != nil {
			return t, fmt.Errorf("%s: %w", r.Source(), err)
		}
	}
	return t, nil
}

// depsMarker is written into a cache entry once `go mod download` has put
// every dependency of the tree into the module cache.
const depsMarker = "dockgen-deps"

// DepsReady reports whether the tree's dependencies were downloaded into
// the module cache and are still there.
func DepsReady(t realsrc.Tree) bool {
	want, err := os.ReadFile(filepath.Join(filepath.Dir(t.Dir), depsMarker))
	if err != nil {
		return false
	}
	return string(want) == ModCache()+"\n" && requiresPresent(t.Dir)
}

// requiresPresent reports whether every requirement of dir/go.mod is
// extracted in the module cache (a cleaned cache invalidates the marker).
func requiresPresent(dir string) bool {
	data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		return false
	}
	f, err := modfile.ParseLax("go.mod", data, nil)
	if err != nil {
		return false
	}
	replaced := map[string]bool{}
	for _, r := range f.Replace {
		replaced[r.Old.Path] = true
	}
	for _, r := range f.Require {
		if replaced[r.Mod.Path] {
			continue // the replacement is what go mod download fetched
		}
		// go.mod-only requirements (pruned graphs) have no source: check
		// the download cache entry, which every requirement has.
		esc, err := module.EscapePath(r.Mod.Path)
		if err != nil {
			return false
		}
		if _, err := os.Stat(filepath.Join(ModCache(), "cache", "download", esc, "@v", escVersion(r.Mod.Version)+".mod")); err != nil {
			return false
		}
	}
	return true
}

// downloadDeps runs go mod download on copies of the tree's go.mod and
// go.sum, so that the tree itself stays as published.
func downloadDeps(ctx context.Context, t realsrc.Tree) error {
	tmp, err := os.MkdirTemp("", "realworld-deps-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	for _, name := range []string{"go.mod", "go.sum"} {
		data, err := os.ReadFile(filepath.Join(t.Dir, name))
		if errors.Is(err, fs.ErrNotExist) && name == "go.sum" {
			continue
		}
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(tmp, name), data, 0o644); err != nil {
			return err
		}
	}
	cmd := exec.CommandContext(ctx, "go", "mod", "download")
	cmd.Dir = tmp
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go mod download: %v: %s", err, strings.TrimSpace(string(out)))
	}
	return os.WriteFile(filepath.Join(filepath.Dir(t.Dir), depsMarker), []byte(ModCache()+"\n"), 0o644)
}

// ModCache is the module cache the go command uses here.
var ModCache = sync.OnceValue(func() string {
	out, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
})

func escVersion(v string) string {
	if e, err := module.EscapeVersion(v); err == nil {
		return e
	}
	return v
}
