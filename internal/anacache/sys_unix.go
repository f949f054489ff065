//go:build linux || openbsd || dragonfly || solaris || darwin || freebsd || netbsd

package anacache

import (
	"io/fs"
	"syscall"
)

// sysTimes returns a file's change time and inode number: a tool that
// restores modification times (tar, rsync -t, cp -p, touch -r) cannot
// restore those.
func sysTimes(info fs.FileInfo) (ctime int64, ino uint64) {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return ctimeOf(st), uint64(st.Ino)
	}
	return 0, 0
}
