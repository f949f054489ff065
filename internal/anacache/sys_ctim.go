//go:build linux || openbsd || dragonfly || solaris

package anacache

import "syscall"

// ctimeOf returns the change time in st.
func ctimeOf(st *syscall.Stat_t) int64 { return st.Ctim.Nano() }
