package harness

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/dockgen/dockgen/internal/dockerfile"
	"github.com/dockgen/dockgen/internal/realsrc"
)

// Bases are the final images dockgen offers.
var Bases = []string{"scratch", "distroless", "alpine"}

// Project is a copy of an example with dockgen's files generated into it:
// the build context of one example × base.
type Project struct {
	Example       *Example
	Base          string
	Dir           string // the build context
	Dockerfile    string // path of the generated Dockerfile
	Ignore        string // path of the generated ignore file
	Text          string // the Dockerfile as built (offline)
	DroppedSyntax string // the "# syntax=" line removed for the offline build, if any
	Stages        []Stage
	Targets       []string // the final stages (one per binary), primary last
	Images        []string // external images the FROM lines name, scratch excluded
	ModDownload   bool     // the build stage has a `go mod download` step
	Planted       []string // the VCS and secret-looking paths put into the copy
}

// Stage is one FROM line.
type Stage struct {
	Name  string // the AS name, or "" for an unnamed stage
	Image string // the image or stage it starts from, build arguments expanded
}

// Planted is what Prepare puts into every copy beside the example's files:
// none of it may reach the builder.
var planted = map[string]string{
	".git/HEAD":            "ref: refs/heads/main\n",
	".git/config":          "[core]\n\trepositoryformatversion = 0\n\tbare = false\n",
	".git/refs/heads/main": "0123456789abcdef0123456789abcdef01234567\n",
	".git/objects/01/23456789abcdef0123456789abcdef01234567": "not a real object\n",
	".env":             "DATABASE_PASSWORD=e2e-planted-not-a-real-secret\n",
	"server.pem":       "-----BEGIN PRIVATE KEY-----\nZTJlLXBsYW50ZWQtbm90LWEtcmVhbC1rZXk=\n-----END PRIVATE KEY-----\n",
	"certs/client.pem": "-----BEGIN CERTIFICATE-----\nZTJlLXBsYW50ZWQtbm90LWEtcmVhbC1jZXJ0\n-----END CERTIFICATE-----\n",
}

// unlistedSecrets are secret files with names no deny list knows: Prepare
// plants each at the top, in deploy/ and in every main package's
// directory. Only an allow list keeps them out.
var unlistedSecrets = []string{"secrets.yaml", "service-account.json", "prod.conf", "backup.sql"}

// IsForbidden reports whether a context path is one that must never reach
// the builder: VCS data, a secret-looking file, or one of the secrets with
// names no list knows.
func IsForbidden(rel string) bool {
	rel = filepath.ToSlash(rel)
	for _, part := range strings.Split(rel, "/") {
		if part == ".git" {
			return true
		}
	}
	base := path.Base(rel)
	return base == ".env" || strings.HasPrefix(base, ".env.") || strings.HasSuffix(base, ".pem") || strings.HasSuffix(base, ".key") ||
		slices.Contains(unlistedSecrets, base)
}

// plantedFiles returns what Prepare puts into a copy of ex, name → content.
func plantedFiles(ex *Example) map[string]string {
	out := map[string]string{}
	for name, data := range planted {
		out[name] = data
	}
	dirs := []string{".", "deploy"}
	for _, m := range ex.Facts.Mains {
		dirs = append(dirs, m.Dir)
	}
	for _, dir := range dirs {
		for _, name := range unlistedSecrets {
			out[path.Join(dir, name)] = "e2e-planted: not a real secret, must not reach the builder\n"
		}
	}
	return out
}

// Prepare copies the example into dir, plants a .git directory and
// secret-looking files (and secrets with names no list knows), runs
// `dockgen generate --base BASE [ARGS]` on the copy and reads the
// Dockerfile. The "# syntax=" line is dropped, in the file itself, because
// the frontend image cannot be pulled offline: the daemon's built-in
// Dockerfile frontend builds it.
func (e *Env) Prepare(ctx context.Context, ex *Example, base, dir string, args ...string) (*Project, error) {
	p := &Project{Example: ex, Base: base, Dir: dir}
	if err := realsrc.CopyTree(ex.Dir, dir, skipGenerated); err != nil {
		return nil, fmt.Errorf("copying %s: %w", ex.Dir, err)
	}
	files := plantedFiles(ex)
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		full := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(full, []byte(files[name]), 0o600); err != nil {
			return nil, err
		}
		p.Planted = append(p.Planted, name)
	}
	genArgs := append([]string{"generate", dir, "--base", base}, args...)
	if out, err := e.run(ctx, dir, e.Dockgen, genArgs...); err != nil {
		return nil, fmt.Errorf("dockgen %s: %w\n%s", strings.Join(genArgs, " "), err, out)
	}
	p.Dockerfile = filepath.Join(dir, "Dockerfile")
	p.Ignore = filepath.Join(dir, ".dockerignore")
	if _, err := os.Stat(p.Ignore); err != nil {
		if _, err2 := os.Stat(p.Dockerfile + ".dockerignore"); err2 == nil {
			p.Ignore = p.Dockerfile + ".dockerignore"
		} else {
			return nil, fmt.Errorf("dockgen generate wrote no .dockerignore: %w", err)
		}
	}
	data, err := os.ReadFile(p.Dockerfile)
	if err != nil {
		return nil, err
	}
	text := string(data)
	if first, rest, ok := strings.Cut(text, "\n"); ok && syntaxLine.MatchString(first) {
		p.DroppedSyntax = first
		text = rest
		if err := os.WriteFile(p.Dockerfile, []byte(text), 0o644); err != nil {
			return nil, err
		}
	}
	p.Text = text
	if err := p.parse(); err != nil {
		return nil, err
	}
	return p, nil
}

var syntaxLine = regexp.MustCompile(`(?i)^#\s*syntax\s*=`)

// parse reads the stages, targets and images of the Dockerfile with
// dockgen's own Dockerfile model: the targets are its named final stages.
func (p *Project) parse() error {
	f, err := dockerfile.Parse(p.Dockerfile, []byte(p.Text))
	if err != nil {
		return err
	}
	for _, s := range f.Stages {
		p.Stages = append(p.Stages, Stage{Name: s.Name, Image: s.Image})
		if s.Parent == nil && s.Image != "scratch" && !slices.Contains(p.Images, s.Image) {
			p.Images = append(p.Images, s.Image)
		}
		if s.Final && s.Name != "" {
			p.Targets = append(p.Targets, s.Name)
		}
		p.ModDownload = p.ModDownload || slices.ContainsFunc(s.Steps, func(g *dockerfile.GoStep) bool { return g.Download })
	}
	if len(p.Targets) == 0 {
		return fmt.Errorf("%s: no final stage", p.Dockerfile)
	}
	return nil
}

// BaseImage returns the external image a stage finally starts from
// ("scratch" included).
func (p *Project) BaseImage(stage string) string {
	byName := map[string]Stage{}
	for _, st := range p.Stages {
		if st.Name != "" {
			byName[st.Name] = st
		}
	}
	img := stage
	for i := 0; i < len(p.Stages)+1; i++ {
		st, ok := byName[img]
		if !ok {
			return img
		}
		img = st.Image
	}
	return img
}

// ImageTag is the tag the suite gives a target's image.
func ImageTag(ex *Example, target, base string) string {
	return "dockgen-e2e/" + strings.ToLower(ex.Name+"-"+target) + ":" + base
}

// BuildTarget builds one final stage of the project and tags it. The image
// the tag named before, if any, is removed when nothing else uses it, so
// that runs leave no untagged images behind.
func (e *Env) BuildTarget(ctx context.Context, p *Project, target string, args ...string) (string, error) {
	tag := ImageTag(p.Example, target, p.Base)
	before, _ := e.Docker.Run(ctx, "image", "inspect", "--format", "{{.Id}}", tag)
	out, err := e.Docker.Build(ctx, BuildOptions{
		Dockerfile: p.Dockerfile,
		Context:    p.Dir,
		Target:     target,
		Tag:        tag,
		Args:       args,
	})
	if err == nil && strings.HasPrefix(before, "sha256:") {
		if after, _ := e.Docker.Run(ctx, "image", "inspect", "--format", "{{.Id}}", tag); after != before {
			e.Docker.Run(ctx, "rmi", before) // fails harmlessly when the image is still in use
		}
	}
	return out, err
}

// ProbeContext shows the build context as the daemon received it: a build
// with the project's ignore file whose Dockerfile copies the whole context
// (FROM scratch, COPY . /ctx/) and exports it. It returns the slash paths
// of every file and directory that reached the builder.
func (e *Env) ProbeContext(ctx context.Context, p *Project) (paths []string, log string, err error) {
	entries, log, err := e.ProbeContextEntries(ctx, p)
	for _, en := range entries {
		paths = append(paths, en.Path)
	}
	return paths, log, err
}

// ContextProblems probes the build context of p from Docker's side (see
// ProbeContextEntries) and says what is wrong with it: a file the build
// does not read and the image does not copy (Example.Reads), or one that
// must never reach the builder (IsForbidden).
func (e *Env) ContextProblems(ctx context.Context, p *Project) (entries []ContextEntry, problems []string, err error) {
	entries, log, err := e.ProbeContextEntries(ctx, p)
	if err != nil {
		return nil, nil, fmt.Errorf("probe build (COPY . of the whole context): %w\n%s", err, Tail(log, 30))
	}
	var extra, leaks []string
	for _, en := range entries {
		if IsForbidden(en.Path) {
			leaks = append(leaks, en.Path)
		} else if !en.Dir && !p.Example.Reads(en.Path) {
			extra = append(extra, en.Path)
		}
	}
	if len(leaks) > 0 {
		problems = append(problems, fmt.Sprintf("the build context that reached the daemon holds %s (planted: %s; ignore file %s)",
			strings.Join(leaks, ", "), strings.Join(p.Planted, ", "), filepath.Base(p.Ignore)))
	}
	if len(extra) > 0 {
		problems = append(problems, fmt.Sprintf("the build context holds files the build does not read and the image does not copy: %s", strings.Join(extra, ", ")))
	}
	return entries, problems, nil
}

// ContextEntry is a file or directory that reached the builder.
type ContextEntry struct {
	Path string // slash separated, relative to the context
	Dir  bool
	Size int64 // bytes of a regular file
}

// ContextSize sums the entries: files and their bytes.
func ContextSize(entries []ContextEntry) (files int, bytes int64) {
	for _, en := range entries {
		if !en.Dir {
			files++
			bytes += en.Size
		}
	}
	return files, bytes
}

// ProbeContextEntries is ProbeContext with each entry's kind and size.
func (e *Env) ProbeContextEntries(ctx context.Context, p *Project) (entries []ContextEntry, log string, err error) {
	dir, err := os.MkdirTemp(e.Work, "probe-")
	if err != nil {
		return nil, "", err
	}
	defer os.RemoveAll(dir)
	dockerfile := filepath.Join(dir, "probe.Dockerfile")
	if err := os.WriteFile(dockerfile, []byte("FROM scratch\nCOPY . /ctx/\n"), 0o644); err != nil {
		return nil, "", err
	}
	if filepath.Base(p.Ignore) != ".dockerignore" {
		// A Dockerfile-specific ignore file: give the probe the same one.
		data, err := os.ReadFile(p.Ignore)
		if err != nil {
			return nil, "", err
		}
		if err := os.WriteFile(dockerfile+".dockerignore", data, 0o644); err != nil {
			return nil, "", err
		}
	}
	out := filepath.Join(dir, "out")
	log, err = e.Docker.Build(ctx, BuildOptions{Dockerfile: dockerfile, Context: p.Dir, Output: "type=local,dest=" + out})
	if err != nil {
		return nil, log, err
	}
	root := filepath.Join(out, "ctx")
	err = filepath.WalkDir(root, func(q string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if q == root {
			return nil
		}
		rel, _ := filepath.Rel(root, q)
		en := ContextEntry{Path: filepath.ToSlash(rel), Dir: d.IsDir()}
		if d.Type().IsRegular() {
			info, err := d.Info()
			if err != nil {
				return err
			}
			en.Size = info.Size()
		}
		entries = append(entries, en)
		return nil
	})
	return entries, log, err
}

// ChangeOneLine changes one line of a .go file of the main in dir (the
// package clause gets a comment naming the base and the time, so that no
// earlier build, of this base or another, has seen the same sources) and
// returns the file changed.
func (p *Project) ChangeOneLine(mainDir string) (string, error) {
	files, err := filepath.Glob(filepath.Join(p.Dir, filepath.FromSlash(mainDir), "*.go"))
	if err != nil {
		return "", err
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			return "", err
		}
		lines := strings.Split(string(data), "\n")
		for i, l := range lines {
			if strings.HasPrefix(l, "package ") {
				lines[i] = fmt.Sprintf("%s // changed by the e2e cache check (%s, %d)", l, p.Base, time.Now().UnixNano())
				return f, os.WriteFile(f, []byte(strings.Join(lines, "\n")), 0o644)
			}
		}
	}
	return "", fmt.Errorf("no .go file with a package clause in %s", mainDir)
}

// skipGenerated leaves dockgen's own files out of a copy of an example
// (they are regenerated into the copy).
func skipGenerated(rel string, d fs.DirEntry) (bool, error) {
	switch rel {
	case "Dockerfile", ".dockerignore", "Dockerfile.dockerignore", ".dockgen":
		if d.IsDir() {
			return false, filepath.SkipDir
		}
		return false, nil
	}
	return true, nil
}
