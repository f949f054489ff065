package e2e

import (
	"context"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/dockgen/dockgen/e2e/harness"
)

// TestCgoEmulated proves dockgen's choice for cgo on another platform: the
// build stage runs on the target platform, under QEMU when that is not this
// machine's. It builds testdata/cgoarch (a few lines of C) for linux/arm64
// with the Dockerfile dockgen writes, unedited, on stand-ins made of arm64's
// own files (Debian 12's gcc and glibc for arm64, the Go toolchain for
// linux/arm64; harness.EnsureEmulated), then checks the binary (ELF
// aarch64, cgo on, linked as the base needs: against glibc on distroless
// base, static on scratch) and runs the image: C reports the machine it
// runs on.
//
// What it proves: the unedited cgo Dockerfile builds and runs for arm64 on
// an amd64 machine with QEMU registered, with a real arm64 C toolchain and
// C library. What it does not: the time of a big C build under emulation
// (go-sqlite3 is left to the amd64 suite: its C compile under QEMU would
// take many minutes), a module download under emulation (the program has
// no requirements), alpine (its stand-in has no arm64 files), and the real
// golang and distroless images (Debian 12's packages stand in for trixie's).
func TestCgoEmulated(t *testing.T) {
	e := setup(t)
	if runtime.GOARCH != "amd64" {
		t.Skipf("the emulated platform is arm64, built from amd64; this machine is %s", runtime.GOARCH)
	}
	const arch = "arm64"
	if err := harness.CanEmulate(arch); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	dir, err := filepath.Abs(filepath.Join("testdata", "cgoarch"))
	if err != nil {
		t.Fatal(err)
	}
	ex, err := e.Analyze(ctx, "cgoarch", dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(ex.Facts.Mains) != 1 || !ex.Facts.Mains[0].Cgo {
		t.Fatalf("dockgen analyze: want one main with cgo, got %+v", ex.Facts.Mains)
	}
	for _, tc := range []struct {
		base    string
		dynamic bool // linked against the base's glibc, not static
	}{
		{"distroless", true},
		{"scratch", false},
	} {
		t.Run(tc.base, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(ctx, 40*time.Minute)
			defer cancel()
			p, err := e.Prepare(ctx, ex, tc.base, t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(p.Text, "$BUILDPLATFORM") {
				t.Fatalf("a cgo build stage must run on the target platform:\n%s", numbered(p.Text))
			}
			names := map[string]string{}
			for _, ref := range p.Images {
				as := harness.EmulatedName(ref, arch)
				if err := e.Standins.EnsureEmulated(ctx, ref, as, arch); err != nil {
					t.Fatal(err)
				}
				names[ref] = as
			}
			target := p.Targets[len(p.Targets)-1]
			tag := "dockgen-e2e/emulated-" + arch + "-" + ex.Name + ":" + tc.base
			restore, err := e.Docker.Retag(ctx, names)
			if err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			out, err := e.Docker.Build(ctx, harness.BuildOptions{Dockerfile: p.Dockerfile, Context: p.Dir, Target: target, Tag: tag, Platform: "linux/" + arch,
				// Every step runs, under emulation, whatever an earlier
				// build left in the layer cache; the Go build cache mount
				// keeps the compiled standard library.
				NoCache: true})
			restore()
			if err != nil {
				t.Fatalf("%v\n%s\nthe Dockerfile as built (unedited):\n%s", err, harness.Tail(out, 40), numbered(p.Text))
			}
			took := time.Since(start)
			defer e.Docker.Run(context.WithoutCancel(ctx), "rmi", tag)
			bin, _ := foreignBinary(t, ctx, e, tag, arch)
			link := checkEmulatedBinary(t, ctx, e, bin, arch, tc.dynamic)

			// Run it: the kernel hands the arm64 binary to QEMU.
			got, err := e.Docker.Run(ctx, "run", "--rm", "--network", "host", "--platform", "linux/"+arch, tag)
			if err != nil {
				t.Fatalf("docker run %s: %v", tag, err)
			}
			if want := "cgo: C runs on aarch64, Go was built for arm64"; got != want {
				t.Errorf("docker run %s printed %q, want %q", tag, got, want)
			}
			t.Logf("linux/%s %s: built in %s under emulation; binary ELF aarch64, %s; it printed %q", arch, tc.base, took.Round(time.Second), link, got)
		})
	}
}

// checkEmulatedBinary checks the machine, cgo and linking of a binary built
// for arch, and describes its linking.
func checkEmulatedBinary(t *testing.T, ctx context.Context, e *harness.Env, bin, arch string, dynamic bool) string {
	t.Helper()
	if m, err := elfMachine(bin); err != nil || m != elfMachines[arch] {
		t.Errorf("ELF machine %v (%v), want %v", m, err, elfMachines[arch])
	}
	vm, err := e.GoVersionM(ctx, bin)
	if err != nil {
		t.Fatalf("go version -m: %v", err)
	}
	for _, want := range []string{"\tCGO_ENABLED=1\n", "\tGOARCH=" + arch + "\n"} {
		if !strings.Contains(vm, want) {
			t.Errorf("go version -m lacks %q:\n%s", strings.TrimSpace(want), vm)
		}
	}
	interp, needed, _, err := linking(bin)
	if err != nil {
		t.Fatal(err)
	}
	if !dynamic {
		if interp != "" || len(needed) > 0 {
			t.Errorf("want a static binary, got interpreter %q, needs %v", interp, needed)
		}
		return "static"
	}
	if interp != "/lib/ld-linux-aarch64.so.1" || !strings.Contains(strings.Join(needed, " "), "libc.so.6") {
		t.Errorf("want a binary linked against glibc for aarch64, got interpreter %q, needs %v", interp, needed)
	}
	return "dynamic (" + interp + "; " + strings.Join(needed, ", ") + ")"
}
