package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestCoveredStatements(t *testing.T) {
	profile := filepath.Join(t.TempDir(), "cover.out")
	// A block listed twice counts once, and counts as run if either says so.
	data := "mode: set\n" +
		"p/a.go:1.1,2.2 3 1\n" +
		"p/a.go:3.1,4.2 2 0\n" +
		"p/b.go:1.1,2.2 4 0\n" +
		"p/b.go:1.1,2.2 4 1\n" +
		"p/b.go:5.1,6.2 7 0\n"
	if err := os.WriteFile(profile, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	n, err := coveredStatements(profile)
	if err != nil {
		t.Fatal(err)
	}
	if n != 7 {
		t.Errorf("covered statements = %d, want 7", n)
	}
	if err := os.WriteFile(profile, []byte("mode: set\np/a.go:1.1,2.2 x 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := coveredStatements(profile); err == nil {
		t.Error("a malformed profile line gave no error")
	}
}

// TestReplayByTime checks that a replay sees exactly the inputs found by
// the time asked for. The test binary is a stand-in shell script that
// reports one statement covered per input in its corpus directory.
func TestReplayByTime(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "fake.test")
	script := "#!/bin/sh\n" +
		"# args: -test.run ^NAME$ -test.coverprofile FILE\n" +
		"n=$(ls testdata/fuzz/FuzzX | wc -l)\n" +
		"printf 'mode: set\\nx.go:1.1,2.2 %d 1\\n' \"$n\" > \"$4\"\n"
	if err := os.WriteFile(bin, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	var inputs []input
	for i, found := range []time.Time{{}, t0, t0.Add(time.Minute), t0.Add(2 * time.Minute)} {
		path := filepath.Join(dir, "in", string(rune('a'+i)))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte("go test fuzz v1\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, input{path, found})
	}
	for i, c := range []struct {
		when time.Time
		want int
	}{
		{t0.Add(-time.Second), 1},
		{t0, 2},
		{t0.Add(90 * time.Second), 3},
		{t0.Add(time.Hour), 4},
	} {
		got, err := replay(context.Background(), bin, "FuzzX", inputs, c.when, filepath.Join(dir, "run", string(rune('0'+i))))
		if err != nil {
			t.Fatal(err)
		}
		if got != c.want {
			t.Errorf("replay at %s: %d inputs, want %d", c.when.Format(time.TimeOnly), got, c.want)
		}
	}
}

func TestLevelled(t *testing.T) {
	pl := plateau{window: 10 * time.Minute, windows: 3}
	for _, c := range []struct {
		stmts []int
		want  bool
	}{
		{nil, false},
		{[]int{100, 100, 100}, false},      // not yet 3 windows
		{[]int{100, 100, 100, 100}, true},  // 3 windows with nothing new
		{[]int{100, 101, 101, 101}, false}, // new in the first of the last 3
		{[]int{90, 100, 100, 100, 100}, true},
	} {
		if got := pl.levelled(c.stmts); got != c.want {
			t.Errorf("levelled(%v) = %v, want %v", c.stmts, got, c.want)
		}
	}
}
