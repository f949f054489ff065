package harness

import (
	"archive/tar"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// rootfs is a root file system described entry by entry, written as the tar
// stream that docker import turns into a one-layer image. Host files are read
// only when the tar is written, so the recipe hash (over names, modes, sizes,
// modification times and inline contents) is cheap to compute.
type rootfs struct {
	entries map[string]*entry
}

type entry struct {
	name     string      // slash path inside the image, no leading slash
	mode     fs.FileMode // type and permission bits
	uid, gid int
	link     string // symlink target
	src      string // host file to copy, for regular files
	data     []byte // inline content, for regular files without src
	size     int64
	mtime    time.Time
}

// epoch is the modification time of every file the recipe writes itself.
var epoch = time.Unix(1700000000, 0).UTC()

func newRootfs() *rootfs { return &rootfs{entries: map[string]*entry{}} }

func clean(name string) string { return strings.TrimPrefix(path.Clean("/"+name), "/") }

func (r *rootfs) add(e *entry) {
	e.name = clean(e.name)
	if e.name == "" {
		return
	}
	r.entries[e.name] = e
}

// dir adds a directory.
func (r *rootfs) dir(name string, perm fs.FileMode, uid, gid int) {
	r.add(&entry{name: name, mode: fs.ModeDir | perm, uid: uid, gid: gid, mtime: epoch})
}

// file adds a file with the given content.
func (r *rootfs) file(name string, perm fs.FileMode, data string) {
	r.add(&entry{name: name, mode: perm, data: []byte(data), size: int64(len(data)), mtime: epoch})
}

// symlink adds a symbolic link.
func (r *rootfs) symlink(name, target string) {
	r.add(&entry{name: name, mode: fs.ModeSymlink | 0o777, link: target, mtime: epoch})
}

// hostAs adds the host file, link or (empty) directory src under name.
func (r *rootfs) hostAs(src, name string) error {
	fi, err := os.Lstat(src)
	if err != nil {
		return err
	}
	e := &entry{name: name, mode: fi.Mode(), mtime: fi.ModTime().UTC()}
	switch {
	case fi.Mode()&fs.ModeSymlink != 0:
		if e.link, err = os.Readlink(src); err != nil {
			return err
		}
	case fi.Mode().IsRegular():
		e.src, e.size = src, fi.Size()
	case fi.IsDir():
	default:
		return nil // devices, sockets, pipes: never needed
	}
	r.add(e)
	return nil
}

// host adds the host path p at the same place in the image, with its parent
// directories resolved: on a merged-/usr host /lib64/ld-linux-x86-64.so.2 is
// stored as usr/lib64/ld-linux-x86-64.so.2, next to the lib64 -> usr/lib64
// link the recipe adds itself.
func (r *rootfs) host(p string) error {
	dir, err := filepath.EvalSymlinks(filepath.Dir(p))
	if err != nil {
		return err
	}
	canonical := filepath.Join(dir, filepath.Base(p))
	if fi, err := os.Lstat(canonical); err == nil && fi.IsDir() {
		// A directory listed by dpkg may itself be a link (/lib64).
		if real, err := filepath.EvalSymlinks(canonical); err == nil {
			canonical = real
		}
	}
	return r.hostAs(canonical, canonical)
}

// hostTree adds the host directory tree src under name, skipping the slash
// paths (relative to src) for which skip returns true.
func (r *rootfs) hostTree(src, name string, skip func(rel string) bool) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		rel = filepath.ToSlash(rel)
		if rel != "." && skip != nil && skip(rel) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		return r.hostAs(p, path.Join(name, rel))
	})
}

// names returns the entry names with every missing parent directory added,
// sorted so that a directory comes before what it holds.
func (r *rootfs) names() []string {
	for name := range r.entries {
		for d := path.Dir(name); d != "." && d != "/"; d = path.Dir(d) {
			if _, ok := r.entries[d]; !ok {
				r.dir(d, 0o755, 0, 0)
			}
		}
	}
	names := make([]string, 0, len(r.entries))
	for name := range r.entries {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// hash identifies the recipe: the same hash means the same image.
func (r *rootfs) hash(extra ...string) string {
	h := sha256.New()
	for _, x := range extra {
		fmt.Fprintf(h, "extra %q\n", x)
	}
	for _, name := range r.names() {
		e := r.entries[name]
		fmt.Fprintf(h, "%q %v %d %d %q %d %d %q\n", name, e.mode, e.uid, e.gid, e.link, e.size, e.mtime.UnixNano(), e.src)
		h.Write(e.data)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// size is the total size of the regular files.
func (r *rootfs) size() int64 {
	var n int64
	for _, e := range r.entries {
		n += e.size
	}
	return n
}

// writeTar writes the file system as a tar stream.
func (r *rootfs) writeTar(w io.Writer) error {
	tw := tar.NewWriter(w)
	for _, name := range r.names() {
		e := r.entries[name]
		hdr := &tar.Header{
			Name:    name,
			Mode:    int64(e.mode.Perm()),
			Uid:     e.uid,
			Gid:     e.gid,
			ModTime: e.mtime,
			Format:  tar.FormatPAX,
		}
		if e.mode&fs.ModeSticky != 0 {
			hdr.Mode |= 0o1000
		}
		if e.mode&fs.ModeSetuid != 0 {
			hdr.Mode |= 0o4000
		}
		if e.mode&fs.ModeSetgid != 0 {
			hdr.Mode |= 0o2000
		}
		switch {
		case e.mode&fs.ModeSymlink != 0:
			hdr.Typeflag, hdr.Linkname = tar.TypeSymlink, e.link
		case e.mode.IsDir():
			hdr.Typeflag, hdr.Name = tar.TypeDir, name+"/"
		default:
			hdr.Typeflag, hdr.Size = tar.TypeReg, e.size
		}
		if err := tw.WriteHeader(hdr); err != nil {
			return err
		}
		if hdr.Typeflag != tar.TypeReg {
			continue
		}
		if e.src == "" {
			if _, err := tw.Write(e.data); err != nil {
				return err
			}
			continue
		}
		f, err := os.Open(e.src)
		if err != nil {
			return err
		}
		n, err := io.Copy(tw, f)
		f.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", e.src, err)
		}
		if n != e.size {
			return fmt.Errorf("%s changed size while the image was written", e.src)
		}
	}
	return tw.Close()
}
