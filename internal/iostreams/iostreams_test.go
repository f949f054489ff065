package iostreams

import (
	"testing"
	"time"
)

func TestNoColor(t *testing.T) {
	for _, tt := range []struct {
		env  map[string]string
		want bool
	}{
		{map[string]string{}, false},
		{map[string]string{"NO_COLOR": ""}, false}, // set but empty: colour stays on
		{map[string]string{"NO_COLOR": "1"}, true},
		{map[string]string{"TERM": "dumb"}, true},
	} {
		if got := NoColor(func(k string) string { return tt.env[k] }); got != tt.want {
			t.Errorf("NoColor(%v) = %v, want %v", tt.env, got, tt.want)
		}
	}
}

func TestQuiet(t *testing.T) {
	s, _, _, errOut := Test()
	s.SetQuiet()
	s.SetQuiet() // twice is once
	s.ErrOut.Write([]byte("note\n"))
	s.Errors().Write([]byte("dockgen: bad\n"))
	if errOut.String() != "dockgen: bad\n" {
		t.Errorf("quiet stderr %q, want the error only", errOut)
	}
}

func TestProgress(t *testing.T) {
	s, _, _, errOut := Test()
	s.StartProgress("analyzing", 0)()
	if errOut.Len() != 0 {
		t.Errorf("progress on a stderr that is not a terminal: %q", errOut)
	}
	s.SetTTY(false, false, true)
	s.StartProgress("analyzing", 0)()
	if got := errOut.String(); got != "analyzing…\r\x1b[K" {
		t.Errorf("progress wrote %q", got)
	}
	errOut.Reset()
	s.StartProgress("analyzing", time.Hour)()
	if errOut.Len() != 0 {
		t.Errorf("a fast step showed progress: %q", errOut)
	}
	s.SetQuiet()
	s.StartProgress("analyzing", 0)()
	if errOut.Len() != 0 {
		t.Errorf("progress with --quiet: %q", errOut)
	}
}
