package plan

import (
	"errors"
	"fmt"
	"go/version"
	"slices"
	"strings"
	"testing"
)

// TestReleaseTable keeps the table of Go releases consistent: newest
// first, one entry per release with no gaps, every newest patch published
// in at least one variant, variants newest Debian first.
func TestReleaseTable(t *testing.T) {
	debians := []debian{trixie, bookworm, bullseye, buster}
	for i, r := range goReleases {
		if i > 0 {
			prev := goReleases[i-1]
			var pm, rm int
			fmt.Sscanf(prev.minor, "1.%d", &pm)
			fmt.Sscanf(r.minor, "1.%d", &rm)
			if rm != pm-1 {
				t.Errorf("release %s follows %s: the table must list every release, newest first", r.minor, prev.minor)
			}
		}
		if _, ok := r.variantFor(r.newest); !ok {
			t.Errorf("%s.%d: no variant publishes the newest patch", r.minor, r.newest)
		}
		last := -1
		for _, v := range r.variants {
			k := slices.Index(debians, v.debian)
			if k <= last {
				t.Errorf("%s: variants out of order (newest Debian first)", r.minor)
			}
			last = k
			if v.last >= 0 && v.last < v.first || v.last > r.newest {
				t.Errorf("%s %s: patches %d..%d do not fit the release (newest %d)", r.minor, v.codename, v.first, v.last, r.newest)
			}
		}
	}
}

// TestBuilderTagsExist decides a plan for every go line from Go 1.11 to the
// newest known release (and some toolchain lines) and checks that the
// builder tag it writes is one the table lists, that it is never older than
// go.mod asks for, and that every go build flag exists in that Go.
func TestBuilderTagsExist(t *testing.T) {
	var lines []string
	for m := 11; m <= 27; m++ {
		lines = append(lines, fmt.Sprintf("1.%d", m), fmt.Sprintf("1.%d.0", m), fmt.Sprintf("1.%d.2", m))
	}
	for _, goLine := range lines {
		p := project(main(".", "svc"))
		p.Go = goLine
		pl, err := Decide(p, Choices{})
		if err != nil {
			t.Errorf("go %s: %v", goLine, err)
			continue
		}
		v, _ := parseGoVersion(pl.GoVersion)
		r, ok := release(v.minor)
		if !ok {
			t.Errorf("go %s: builder Go %s is not in the table", goLine, pl.GoVersion)
			continue
		}
		deb, ok := r.variantFor(v.patch)
		tag := strings.Replace(pl.Builder.Tag, "${GO_VERSION}", pl.GoVersion, 1)
		if !ok || tag != pl.GoVersion+"-"+deb.codename {
			t.Errorf("go %s: golang:%s is not a published tag (table: %s %v)", goLine, tag, r.minor, r.variants)
		}
		if version.Compare("go"+pl.GoVersion, "go"+goLine) < 0 {
			t.Errorf("go %s: builder Go %s is older than the go line", goLine, pl.GoVersion)
		}
		if slices.Contains(pl.Build.Flags, "-buildvcs=false") != (version.Compare("go"+pl.GoVersion, "go1.18") >= 0) {
			t.Errorf("go %s: builder Go %s with flags %v (-buildvcs exists from Go 1.18 only)", goLine, pl.GoVersion, pl.Build.Flags)
		}
	}
}

func TestGoVersionRule(t *testing.T) {
	tests := []struct {
		name           string
		goLine, tc     string
		pin            string
		want, codename string
		source         string // substring of GoVersionSource
		warn           string // substring of a warning, "" for none
		err            string // substring of the error, "" for none
	}{
		{name: "newest patch of the go line's release", goLine: "1.26.0", want: "1.26.11", codename: "trixie", source: "the newest patch of Go 1.26 dockgen knows (the go line of go.mod needs Go 1.26)"},
		{name: "the toolchain line wins", goLine: "1.24.0", tc: "go1.25.3", want: "1.25.14", codename: "trixie", source: "the toolchain line of go.mod needs Go 1.25"},
		{name: "a go line newer than the toolchain line wins", goLine: "1.26.0", tc: "go1.25.0", want: "1.26.11", codename: "trixie", source: "the go line of go.mod needs Go 1.26"},
		{name: "trixie only from the patch that has it", goLine: "1.24", want: "1.24.13", codename: "trixie"},
		{name: "bookworm where trixie never came", goLine: "1.22.1", want: "1.22.12", codename: "bookworm"},
		{name: "old Go gets buster or bullseye", goLine: "1.17", want: "1.17.13", codename: "bullseye"},
		{name: "before 1.16 builds with 1.16", goLine: "1.15", want: "1.16.15", codename: "bullseye", source: "the newest patch of Go 1.16, the oldest release dockgen builds with"},
		{name: "a toolchain newer than the table is trusted", goLine: "1.26.0", tc: "go1.26.40", want: "1.26.40", codename: "trixie", warn: "make sure that image exists"},
		{name: "a go line newer than any release", goLine: "1.99", err: "go.mod:3: go 1.99 is newer than any Go release dockgen knows (the newest is 1.27.4)"},
		{name: "pinned", goLine: "1.26.0", pin: "1.26.3", want: "1.26.3", codename: "trixie", source: "pinned with --go-version"},
		{name: "pinned older than go.mod", goLine: "1.26.0", pin: "1.25.9", err: "--go-version 1.25.9 is older than Go 1.26.0, the go line of go.mod"},
		{name: "pinned beyond the table", goLine: "1.26.0", pin: "1.28.1", want: "1.28.1", codename: "trixie", warn: "not in dockgen's table"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := project(main(".", "svc"))
			p.Go, p.GoPos, p.Toolchain = tt.goLine, "go.mod:3", tt.tc
			pl, err := Decide(p, Choices{GoVersion: tt.pin})
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want %q", err, tt.err)
				}
				if tt.pin != "" && !errors.Is(err, ErrChoice) {
					t.Errorf("error %v is not a choice error", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if pl.GoVersion != tt.want || pl.Builder.Tag != "${GO_VERSION}-"+tt.codename {
				t.Errorf("Go %s tag %s, want %s with %s", pl.GoVersion, pl.Builder.Tag, tt.want, tt.codename)
			}
			if !strings.Contains(pl.GoVersionSource, tt.source) {
				t.Errorf("source %q, want it to contain %q", pl.GoVersionSource, tt.source)
			}
			warned := strings.Join(pl.Warnings, "\n")
			if (tt.warn == "") != (warned == "") || !strings.Contains(warned, tt.warn) {
				t.Errorf("warnings %q, want %q", warned, tt.warn)
			}
		})
	}
}

func TestNewestPatch(t *testing.T) {
	for in, want := range map[string]string{"1.26.0": "1.26.11", "1.26": "1.26.11", "1.16.3": "1.16.15", "1.99": ""} {
		got, ok := NewestPatch(in)
		if got != want || ok != (want != "") {
			t.Errorf("NewestPatch(%s) = %s, %v; want %s", in, got, ok, want)
		}
	}
}

func TestParseGoVersion(t *testing.T) {
	for _, ok := range []string{"1.26.3", "1.16.15"} {
		if err := ParseGoVersion(ok); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
	for _, bad := range []string{"1.26", "go1.26.3", "2.0.1", "1.26.x", "latest", ""} {
		if err := ParseGoVersion(bad); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}
