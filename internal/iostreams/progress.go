package iostreams

import (
	"fmt"
	"sync"
	"time"
)

// StartProgress shows msg on standard error while a slow step runs, when
// the step takes longer than after: a line that stop erases again. There is
// no progress when standard error is not a terminal (logs stay clean) or
// with SetQuiet.
func (s *IOStreams) StartProgress(msg string, after time.Duration) (stop func()) {
	if s.quiet || !s.stderrTTY {
		return func() {}
	}
	var mu sync.Mutex
	shown, stopped := false, false
	show := func() {
		mu.Lock()
		defer mu.Unlock()
		if !stopped {
			fmt.Fprintf(s.ErrOut, "%s…", msg)
			shown = true
		}
	}
	var t *time.Timer
	if after <= 0 {
		show()
	} else {
		t = time.AfterFunc(after, show)
	}
	return func() {
		if t != nil {
			t.Stop()
		}
		mu.Lock()
		defer mu.Unlock()
		if shown && !stopped {
			fmt.Fprint(s.ErrOut, "\r\x1b[K") // back to the start, erase the line
		}
		stopped = true
	}
}
