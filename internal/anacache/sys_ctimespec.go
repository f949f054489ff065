//go:build darwin || freebsd || netbsd

package anacache

import "syscall"

// ctimeOf is sys_ctim.go's, where Stat_t names the change time Ctimespec.
func ctimeOf(st *syscall.Stat_t) int64 { return st.Ctimespec.Nano() }
