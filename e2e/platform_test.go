package e2e

import (
	"context"
	"debug/elf"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/dockgen/dockgen/e2e/harness"
)

// elfMachines maps GOARCH to the ELF machine of its binaries.
var elfMachines = map[string]elf.Machine{"amd64": elf.EM_X86_64, "arm64": elf.EM_AARCH64}

// elfMachine returns the machine a binary was built for.
func elfMachine(bin string) (elf.Machine, error) {
	f, err := elf.Open(bin)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	return f.Machine, nil
}

// TestForeignPlatform builds one example per base for linux/arm64 on this
// machine, and checks the platform of the image and the ELF machine of the
// binary inside it. The final stages' stand-ins for arm64 are the same
// files labelled linux/arm64 (harness.EnsureForeign), and the build stage
// runs on $BUILDPLATFORM: the build proves that Go cross-compiles there.
// It does not prove that no final stage runs a command (a RUN would run the
// relabelled amd64 files natively, or arm64 ones under QEMU, which
// .ci/docker-setup installs for TestCgoEmulated): the golden properties
// test does.
func TestForeignPlatform(t *testing.T) {
	e := setup(t)
	if runtime.GOARCH != "amd64" {
		t.Skipf("the foreign platform is arm64, built from amd64; this machine is %s", runtime.GOARCH)
	}
	const arch = "arm64"
	var ex *harness.Example
	for _, x := range e.Examples {
		if x.Name == "hello" {
			ex = x
		}
	}
	if ex == nil {
		t.Fatal("no examples/hello")
	}
	for _, base := range harness.Bases {
		t.Run(base, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
			defer cancel()
			p, err := e.Prepare(ctx, ex, base, t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			if err := e.Standins.Ensure(ctx, p.Images); err != nil {
				t.Fatal(err)
			}
			// Final stages' images: their arm64 stand-ins, under names of
			// their own (this daemon keeps one platform per name).
			text := p.Text
			for _, ref := range p.Images {
				if strings.HasPrefix(ref, "golang:") {
					continue
				}
				foreign := harness.ForeignName(ref, arch)
				if err := e.Standins.EnsureForeign(ctx, ref, foreign, arch); err != nil {
					t.Fatal(err)
				}
				text = strings.ReplaceAll(text, "FROM "+ref+" ", "FROM "+foreign+" ")
				text = strings.ReplaceAll(text, "--from="+ref+" ", "--from="+foreign+" ")
			}
			if err := os.WriteFile(p.Dockerfile, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			target := p.Targets[len(p.Targets)-1]
			tag := "dockgen-e2e/" + arch + "-" + ex.Name + ":" + base
			out, err := e.Docker.Build(ctx, harness.BuildOptions{Dockerfile: p.Dockerfile, Context: p.Dir, Target: target, Tag: tag, Platform: "linux/" + arch})
			if err != nil {
				t.Fatalf("%v\n%s\nthe Dockerfile as built:\n%s", err, harness.Tail(out, 40), numbered(text))
			}
			defer e.Docker.Run(context.WithoutCancel(ctx), "rmi", tag)
			bin, entry := foreignBinary(t, ctx, e, tag, arch)
			m, err := elfMachine(bin)
			if err != nil {
				t.Fatal(err)
			}
			if m != elfMachines[arch] {
				t.Errorf("%s in the %s image is built for %v, want %v", entry, arch, m, elfMachines[arch])
			}
			t.Logf("linux/%s %s: image %s, %s is ELF %v", arch, base, tag, entry, m)
		})
	}
}

// foreignBinary checks that the image tag is for linux/ARCH and copies its
// entrypoint's binary out, returning where it is and the entrypoint.
func foreignBinary(t *testing.T, ctx context.Context, e *harness.Env, tag, arch string) (bin, entry string) {
	t.Helper()
	if plat, err := e.Docker.Platform(ctx, tag); err != nil || plat != "linux/"+arch {
		t.Errorf("image platform %q (%v), want linux/%s", plat, err, arch)
	}
	img, _, err := e.Docker.InspectImage(ctx, tag)
	if err != nil || len(img.Config.Entrypoint) == 0 {
		t.Fatalf("inspect %s: %v (entrypoint %v)", tag, err, img.Config.Entrypoint)
	}
	bin = filepath.Join(t.TempDir(), "bin")
	if err := e.Docker.CopyOut(ctx, tag, img.Config.Entrypoint[0], bin); err != nil {
		t.Fatal(err)
	}
	return bin, img.Config.Entrypoint[0]
}
