package anacache

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// validate looks at every input again and returns why the first one that
// differs does, or "" when none does. It also drops the hash of a racy
// file that is no longer racy (its contents just matched, and an edit from
// now on gets a later time), reporting whether it did.
func validate(e *entry, fses [2]fs.FS, getenv func(string) string, now time.Time) (reason string, settled bool) {
	for _, v := range e.Env {
		if got := getenv(v.Name); got != v.Value {
			return fmt.Sprintf("$%s changed", v.Name), false
		}
	}
	// The inputs are independent stat and readdir calls: spread them over
	// the processors, and report the first failure in input order.
	n := len(e.Inputs)
	workers := min(runtime.GOMAXPROCS(0), 1+n/256)
	var mu sync.Mutex
	first := n // index of the first input found to differ
	var stop atomic.Int64
	stop.Store(int64(n))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n && int64(i) < stop.Load(); i += workers {
				if r := check(&e.Inputs[i], fses); r != "" {
					mu.Lock()
					if i < first {
						first, reason = i, r
						stop.Store(int64(i))
					}
					mu.Unlock()
					return
				}
			}
		}()
	}
	wg.Wait()
	if reason != "" {
		return reason, false
	}
	limit := now.Add(-racyWindow).UnixNano()
	for i := range e.Inputs {
		in := &e.Inputs[i]
		if in.Hash != nil && in.MTime < limit && in.CTime < limit {
			in.Hash, settled = nil, true
		}
	}
	return "", settled
}

// check returns why in no longer holds, or "".
func check(in *input, fses [2]fs.FS) string {
	fsys := fses[in.FS]
	if fsys == nil {
		return in.Path + " removed"
	}
	if in.Listed {
		entries, err := fs.ReadDir(fsys, in.Path)
		if err != nil {
			return in.Path + " removed"
		}
		return diffListing(in.Path, in.Entries, direntsOf(entries))
	}
	info, err := fs.Stat(fsys, in.Path)
	switch {
	case in.Missing && err == nil:
		return in.Path + " added"
	case in.Missing && isMissing(err):
		return ""
	case err != nil:
		return in.Path + " removed"
	case uint32(info.Mode().Type())|modeExists != in.Mode:
		return in.Path + " changed"
	case !in.Read:
		return ""
	}
	ctime, ino := sysTimes(info)
	if info.Size() != in.Size || info.ModTime().UnixNano() != in.MTime || ctime != in.CTime || ino != in.Ino {
		return in.Path + " changed"
	}
	if in.Hash != nil {
		data, err := fs.ReadFile(fsys, in.Path)
		if sum := sha256.Sum256(data); err != nil || !bytes.Equal(sum[:], in.Hash) {
			return in.Path + " changed"
		}
	}
	return ""
}

// diffListing names the first entry added, removed or changed in a
// directory, or returns "" when the listings are the same. Both are
// sorted by name, as fs.ReadDir returns them.
func diffListing(dir string, was, now []dirent) string {
	name := func(n string) string {
		if dir == "." {
			return n
		}
		return dir + "/" + n
	}
	i, j := 0, 0
	for i < len(was) || j < len(now) {
		switch {
		case j == len(now) || i < len(was) && was[i].Name < now[j].Name:
			return name(was[i].Name) + " removed"
		case i == len(was) || now[j].Name < was[i].Name:
			return name(now[j].Name) + " added"
		case was[i].Mode != now[j].Mode:
			return name(now[j].Name) + " changed"
		}
		i++
		j++
	}
	return ""
}
