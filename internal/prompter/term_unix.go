//go:build linux || darwin || dragonfly || freebsd || netbsd || openbsd

package prompter

import "golang.org/x/sys/unix"

// holdKeys puts the terminal fd in the mode survey reads keys in — no echo,
// no line editing, no signals from Ctrl-C — and returns how to restore it.
// Output processing stays on, so "\n" still starts a new line.
func holdKeys(fd int) (restore func() error, err error) {
	old, err := unix.IoctlGetTermios(fd, ioctlGetTermios)
	if err != nil {
		return nil, err
	}
	keys := *old
	keys.Lflag &^= unix.ECHO | unix.ECHONL | unix.ICANON | unix.ISIG
	keys.Cc[unix.VMIN] = 1
	keys.Cc[unix.VTIME] = 0
	if err := unix.IoctlSetTermios(fd, ioctlSetTermios, &keys); err != nil {
		return nil, err
	}
	return func() error { return unix.IoctlSetTermios(fd, ioctlSetTermios, old) }, nil
}
