package analyze

import (
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"
)

// resolveEmbeds lists the //go:embed patterns of the given packages and the
// files they match, both relative to the analyzed directory, with the go
// command's rules: a pattern matching a directory embeds the files below it
// except those whose names start with . or _ (unless the pattern starts with
// all:), and never crosses into another module.
func (a *analyzer) resolveEmbeds(m *Main, pkgs []*pkg) {
	patterns := map[string]bool{}
	files := map[string]bool{}
	for _, p := range pkgs {
		for _, pat := range p.bp.EmbedPatterns {
			all := strings.HasPrefix(pat, "all:")
			glob := strings.TrimPrefix(pat, "all:")
			patterns[path.Join(p.dir, glob)] = true
			if pos := p.bp.EmbedPatternPos[pat]; len(pos) > 0 {
				m.Evidence = append(m.Evidence, Evidence{Fact: FactEmbed, Pos: fmt.Sprintf("%s:%d", path.Join(p.dir, path.Base(pos[0].Filename)), pos[0].Line), Detail: fmt.Sprintf("embeds %s", pat)})
			}
			matches, err := fs.Glob(a.fsys, path.Join(escapeGlob(p.dir), glob))
			if err != nil {
				continue
			}
			for _, match := range matches {
				info, err := fs.Stat(a.fsys, match)
				if err != nil {
					continue
				}
				if info.Mode().IsRegular() {
					files[match] = true
					continue
				}
				if info.IsDir() {
					a.embedDir(match, all, files)
				}
			}
		}
	}
	m.Embeds = append([]string{}, slices.Sorted(maps.Keys(patterns))...)
	m.EmbedFiles = append([]string{}, slices.Sorted(maps.Keys(files))...)
}

// embedDir adds the files below dir that a directory pattern embeds.
func (a *analyzer) embedDir(dir string, all bool, files map[string]bool) {
	_ = fs.WalkDir(a.fsys, dir, func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		base := d.Name()
		if name != dir && !all && (strings.HasPrefix(base, ".") || strings.HasPrefix(base, "_")) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if name != dir && a.isFile(path.Join(name, "go.mod")) {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() {
			files[name] = true
		}
		return nil
	})
}

// escapeGlob quotes the glob metacharacters of a literal path.
func escapeGlob(p string) string {
	var b strings.Builder
	for _, r := range p {
		if strings.ContainsRune(`*?[\`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
