//go:build darwin || freebsd || netbsd

package anacache

import (
	"io/fs"
	"syscall"
)

// sysTimes is sys_unix.go's, where Stat_t names the change time
// Ctimespec.
func sysTimes(info fs.FileInfo) (ctime int64, ino uint64) {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return st.Ctimespec.Nano(), uint64(st.Ino)
	}
	return 0, 0
}
