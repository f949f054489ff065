//go:build !(linux || darwin || dragonfly || freebsd || netbsd || openbsd)

package prompter

// holdKeys leaves the terminal alone where its mode cannot be set this way;
// survey sets it for each question itself.
func holdKeys(int) (restore func() error, err error) {
	return func() error { return nil }, nil
}
