// Package txwrite is the one place dockgen writes files, as one transaction. It never clobbers
// what a person wrote: a file dockgen did not generate is replaced only with
// force, and then after a backup; a generated file the person edited is
// merged three ways with the text dockgen generated last time (kept under
// .dockgen/), so their edits survive regeneration. A set of files is
// written as one transaction (Commit): every file is first staged in a
// temporary file beside it, then all are renamed into place; any failure or
// cancellation, at any step, removes the temporary files and puts back every
// file already replaced, so the set is either all old or all new.
package txwrite

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/dockgen/dockgen/internal/diff"
	"github.com/dockgen/dockgen/internal/header"
	"github.com/dockgen/dockgen/internal/merge"
)

// Marker is the text that identifies a file dockgen generated; it appears
// in the first lines of every generated file.
const Marker = header.Marker

// StateDir is the directory, next to the generated files, that keeps the
// last generated text of each file: the base of the three-way merge.
const StateDir = ".dockgen"

// Action is what happens to one file.
type Action string

// Actions.
const (
	Create    Action = "create"    // the file does not exist yet
	Unchanged Action = "unchanged" // the file already has the content
	Update    Action = "update"    // dockgen's own file, not edited: replaced
	Merge     Action = "merge"     // edited by the person: edits merged in cleanly
	Conflict  Action = "conflict"  // edits overlap: written with conflict markers
	Replace   Action = "replace"   // replaced after a backup (--force, or no merge base)
	Refuse    Action = "refuse"    // a file dockgen did not write, and no --force
)

// Change is what Prepare decided for one file.
type Change struct {
	// Name is the file's path.
	Name string
	// Action is what happens.
	Action Action
	// Old is the current content (nil when the file does not exist).
	Old []byte
	// New is what will be written (for Conflict, with markers).
	New []byte
	// Generated is the text dockgen generated, saved as the next merge base.
	Generated []byte
	// Backup is where the old content is saved first, for Replace.
	Backup string
	// Note says why, for the person.
	Note string
}

// Writes reports whether the change writes anything.
func (c Change) Writes() bool {
	return c.Action != Unchanged && c.Action != Refuse
}

// Diff returns a unified diff of the change (for Refuse, of what force
// would write), "" when nothing changes.
func (c Change) Diff() string {
	if c.Action == Unchanged {
		return ""
	}
	name := filepath.ToSlash(c.Name)
	a, b := "a/"+name, "b/"+name
	if filepath.IsAbs(c.Name) {
		a, b = name, name
	}
	if c.Old == nil {
		a = "/dev/null"
	}
	return diff.Unified(a, b, string(c.Old), string(c.New))
}

// IsGenerated reports whether content carries dockgen's marker in its
// header (see package header, which owns the generated-file header).
func IsGenerated(content []byte) bool {
	return header.IsGenerated(content)
}

// HasConflictMarkers reports whether content holds the markers of an
// unresolved merge conflict.
func HasConflictMarkers(content []byte) bool {
	for _, line := range bytes.Split(content, []byte("\n")) {
		if bytes.HasPrefix(line, []byte("<<<<<<< ")) || bytes.HasPrefix(line, []byte(">>>>>>> ")) {
			return true
		}
	}
	return false
}

// ReadFile reads a person's file. Its errors name the file once ("reading
// NAME: permission denied"); one that is not a regular file wraps ErrNotFile
// ("NAME is not a regular file"), and one that does not exist wraps
// fs.ErrNotExist.
func ReadFile(name string) ([]byte, error) {
	info, err := os.Stat(name)
	if err == nil && !info.Mode().IsRegular() {
		return nil, notFile(name, info)
	}
	data, err := os.ReadFile(name)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	return data, nil
}

// basePath is where the merge base of name is kept.
func basePath(name string) string {
	dir, file := filepath.Split(name)
	return filepath.Join(dir, StateDir, strings.TrimPrefix(file, ".")+".base")
}

// ReadBase returns the text dockgen generated last time for name, or nil.
func ReadBase(name string) []byte {
	b, err := os.ReadFile(basePath(name))
	if err != nil {
		return nil
	}
	return b
}

// Prepare decides what writing generated to name means, given what is on
// disk. It reads but never writes.
func Prepare(name string, generated []byte, force bool) (Change, error) {
	c := Change{Name: name, Generated: generated, New: generated}
	old, err := ReadFile(name)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		c.Action = Create
		return c, nil
	case err != nil:
		return c, err
	}
	c.Old = old
	base := ReadBase(name)
	switch {
	case bytes.Equal(old, generated):
		c.Action = Unchanged
	case HasConflictMarkers(old):
		if !force {
			c.Action = Refuse
			c.Note = fmt.Sprintf("%s still has conflict markers from the last regeneration; resolve them (or pass --force to take dockgen's side after a backup)", name)
			return c, nil
		}
		c.Action, c.Backup = Replace, backupName(name)
		c.Note = fmt.Sprintf("%s had unresolved conflict markers: saved to %s, then replaced with dockgen's output (--force)", name, c.Backup)
	case !IsGenerated(old):
		if !force {
			c.Action = Refuse
			c.Note = fmt.Sprintf("%s exists and was not generated by dockgen; pass --force to replace it (it is saved to a backup first)", name)
			return c, nil
		}
		c.Action, c.Backup = Replace, backupName(name)
		c.Note = fmt.Sprintf("%s was not generated by dockgen: saved to %s, then replaced (--force)", name, c.Backup)
	case base == nil:
		c.Action, c.Backup = Replace, backupName(name)
		c.Note = fmt.Sprintf("%s has no merge base in %s, so edits cannot be told from old output: saved to %s, then replaced", name, StateDir, c.Backup)
	case bytes.Equal(old, base):
		c.Action = Update
	default:
		m := merge.Merge3(string(base), string(old), string(generated), merge.Labels{
			Ours:   filepath.Base(name) + " (your edits)",
			Base:   "last generated",
			Theirs: "dockgen generate",
		})
		switch {
		case m.Conflicts == 0:
			c.New = []byte(m.Text)
			c.Action = Merge
			c.Note = fmt.Sprintf("%s: your edits were merged into the new output", name)
			if bytes.Equal(c.New, old) {
				c.Action = Unchanged
				c.Note = ""
			}
		case force:
			c.Action, c.Backup = Replace, backupName(name)
			c.Note = fmt.Sprintf("%s: your edits conflict with the new output; saved them to %s and took dockgen's side (--force)", name, c.Backup)
		default:
			c.New = []byte(m.Text)
			c.Action = Conflict
			c.Note = fmt.Sprintf("%s: %d of your edits overlap with dockgen's changes; resolve the conflict markers, then run dockgen generate again", name, m.Conflicts)
		}
	}
	return c, nil
}

// backupName returns a free name for a backup of name.
func backupName(name string) string {
	b := name + ".bak"
	for n := 1; ; n++ {
		if _, err := os.Lstat(b); errors.Is(err, fs.ErrNotExist) {
			return b
		}
		b = fmt.Sprintf("%s.bak.%d", name, n)
	}
}

// Apply carries out changes as one transaction (see Commit): backups, the
// files and their merge bases under StateDir are all written, or, on any
// failure or cancellation of ctx, none is. If any change is Refuse, nothing
// is written. It returns the directories it created, outermost first.
func Apply(ctx context.Context, changes []Change) ([]string, error) {
	for _, c := range changes {
		if c.Action == Refuse {
			return nil, errors.New(c.Note)
		}
	}
	var set []File
	for _, c := range changes {
		if c.Backup != "" {
			set = append(set, File{Name: c.Backup, Data: c.Old, What: "saving backup"})
		}
	}
	for _, c := range changes {
		if c.Writes() {
			replace := c.Action != Create
			set = append(set, File{Name: c.Name, Data: c.New, Replace: replace, Unchanged: replace, Was: c.Old})
		}
	}
	for _, c := range changes {
		if !bytes.Equal(ReadBase(c.Name), c.Generated) {
			set = append(set, File{Name: basePath(c.Name), Data: c.Generated, Replace: true, What: "saving merge base"})
		}
	}
	return Commit(ctx, set)
}

// File is one file of a transaction.
type File struct {
	// Name is the file's path.
	Name string
	// Data is its new content.
	Data []byte
	// Replace allows replacing an existing regular file (its mode is
	// kept); without it an existing Name is an error and nothing is written.
	Replace bool
	// What names the step in errors ("saving backup"); default "writing".
	What string
	// Unchanged, with Replace, requires the file's current content to be
	// Was: a file the person edited after dockgen read it (while a
	// question waited) is never replaced by output made from the old text.
	Unchanged bool
	// Was is the content the change was made from.
	Was []byte
}

// staged is a File on its way: its temporary file, and what to put back.
type staged struct {
	File
	tmp     string
	old     []byte // the replaced content, to put back on rollback
	existed bool
	mode    fs.FileMode
	done    bool // renamed into place
}

// testHook, when set, is called before every step of Commit (tests cancel
// there to prove each step can be interrupted).
var testHook func()

// Commit writes files as one transaction. Every file is staged first, in a
// temporary file in its own directory (created as needed), written and
// synced; only then are they renamed into place, in order. On a failure or
// a cancelled ctx at any step, temporary files are removed, files already
// renamed are put back as they were (created ones removed) and created
// directories are removed, so every file is as before. Errors name the
// person's file, never a temporary one. It returns the directories it
// created, outermost first.
func Commit(ctx context.Context, files []File) (created []string, err error) {
	steps := make([]*staged, len(files))
	defer func() {
		if err != nil {
			rollback(steps, created)
			created = nil
		}
	}()
	step := func() error {
		if testHook != nil {
			testHook()
		}
		return ctx.Err()
	}
	for i, f := range files {
		if err := step(); err != nil {
			return created, err
		}
		s := &staged{File: f, mode: 0o644}
		steps[i] = s
		dirs, err := mkdirs(filepath.Dir(f.Name))
		created = append(created, dirs...)
		if err != nil {
			return created, s.errorf(err)
		}
		if err := s.stage(); err != nil {
			return created, err
		}
	}
	for _, s := range steps {
		if err := step(); err != nil {
			return created, err
		}
		if err := s.commit(); err != nil {
			return created, err
		}
	}
	return created, nil
}

// errorf says which of the person's files failed, with the system's reason
// stripped of the path it names (often the temporary file's).
func (s *staged) errorf(err error) error {
	what := s.What
	if what == "" {
		what = "writing"
	}
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		err = pe.Err
	case errors.As(err, &le):
		err = le.Err
	}
	return fmt.Errorf("%s %s: %w", what, s.Name, err)
}

// stage writes the temporary file and remembers what it will replace.
func (s *staged) stage() error {
	info, err := os.Stat(s.Name)
	switch {
	case err == nil:
		if !s.Replace {
			return s.errorf(errors.New("already exists"))
		}
		if !info.Mode().IsRegular() {
			return notFile(s.Name, info)
		}
		old, err := os.ReadFile(s.Name)
		if err != nil {
			return s.errorf(err)
		}
		if s.Unchanged && !bytes.Equal(old, s.Was) {
			return fmt.Errorf("%s changed since dockgen read it; nothing written (run dockgen again)", s.Name)
		}
		s.existed, s.old, s.mode = true, old, info.Mode().Perm()
	case !errors.Is(err, fs.ErrNotExist):
		return s.errorf(err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(s.Name), "."+filepath.Base(s.Name)+".tmp-*")
	if err != nil {
		return s.errorf(err)
	}
	s.tmp = tmp.Name()
	_, err = tmp.Write(s.Data)
	if err == nil {
		err = tmp.Chmod(s.mode)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return s.errorf(err)
	}
	return nil
}

// commit moves the staged file into place.
func (s *staged) commit() error {
	if s.existed {
		if err := os.Rename(s.tmp, s.Name); err != nil {
			return s.errorf(err)
		}
	} else {
		// Link fails if the name appeared meanwhile: never clobber.
		if err := os.Link(s.tmp, s.Name); err != nil {
			if errors.Is(err, fs.ErrExist) {
				err = errors.New("already exists")
			}
			return s.errorf(err)
		}
		os.Remove(s.tmp)
	}
	s.tmp, s.done = "", true
	return nil
}

// rollback undoes a Commit that failed: staged files removed, committed
// ones put back (or removed if they were created), created directories
// removed innermost first.
func rollback(steps []*staged, created []string) {
	for i := len(steps) - 1; i >= 0; i-- {
		s := steps[i]
		if s == nil {
			continue
		}
		if s.tmp != "" {
			os.Remove(s.tmp)
		}
		if !s.done {
			continue
		}
		if !s.existed {
			os.Remove(s.Name)
			continue
		}
		// Put the old content back the same way: a temporary file renamed
		// over, so the file is never seen half written.
		if tmp, err := os.CreateTemp(filepath.Dir(s.Name), "."+filepath.Base(s.Name)+".tmp-*"); err == nil {
			_, werr := tmp.Write(s.old)
			if werr == nil {
				werr = tmp.Chmod(s.mode)
			}
			if cerr := tmp.Close(); werr == nil && cerr == nil {
				os.Rename(tmp.Name(), s.Name)
			}
			os.Remove(tmp.Name())
		}
	}
	for i := len(created) - 1; i >= 0; i-- {
		os.Remove(created[i]) // only when empty
	}
}

// mkdirs creates dir and its missing parents, and returns those it created,
// outermost first.
func mkdirs(dir string) ([]string, error) {
	var missing []string
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Lstat(d); err == nil || filepath.Dir(d) == d {
			break
		}
		missing = append(missing, d)
	}
	var created []string
	for i := len(missing) - 1; i >= 0; i-- {
		err := os.Mkdir(missing[i], 0o755)
		switch {
		case err == nil:
			created = append(created, missing[i])
		case !errors.Is(err, fs.ErrExist):
			return created, err
		}
	}
	return created, nil
}

// ErrNotFile is the error for a path that exists but is not a regular
// file (a directory where the Dockerfile should be): an input error.
var ErrNotFile = errors.New("not a regular file")

// notFile says that name is not a regular file, naming it once.
func notFile(name string, info fs.FileInfo) error {
	if info.IsDir() {
		return fmt.Errorf("%s is a directory, not a file%w", name, quiet{ErrNotFile})
	}
	return fmt.Errorf("%s is %w", name, ErrNotFile)
}

// quiet wraps an error without adding to the message.
type quiet struct{ err error }

func (q quiet) Error() string { return "" }
func (q quiet) Unwrap() error { return q.err }
