package harness

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// Lock takes the machine-wide end-to-end lock, waiting for another run (the
// suite or the size script) to finish: runs share the daemon, the module
// proxy port, the stand-in image names and the host ports the examples
// listen on.
func Lock(logf func(string, ...any)) (unlock func(), err error) {
	name := filepath.Join(os.TempDir(), "dockgen-e2e.lock")
	f, err := os.OpenFile(name, os.O_CREATE|os.O_RDWR, 0o666)
	if err != nil {
		return nil, fmt.Errorf("e2e lock: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		logf("waiting for another end-to-end run to finish (lock %s)", name)
		if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
			f.Close()
			return nil, fmt.Errorf("e2e lock: %w", err)
		}
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}
