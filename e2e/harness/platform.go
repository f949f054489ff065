package harness

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
)

// EnsureForeign makes the stand-in of ref for another architecture (arm64)
// under the name as: the same root file system and configuration, labelled
// linux/ARCH, loaded with docker load (docker import of this daemon ignores
// --platform). The files stay this machine's: a foreign stand-in can be a
// FROM of a stage that runs no command, which is what a multi-platform
// build without emulation needs, and nothing more. The builder has no
// foreign stand-in: it runs on $BUILDPLATFORM. (EnsureEmulated makes
// stand-ins of the architecture's own files, for stages that run.)
func (s *Standins) EnsureForeign(ctx context.Context, ref, as, arch string) error {
	k, err := classify(ref)
	if err != nil {
		return err
	}
	if k == kindBuilder {
		return fmt.Errorf("stand-in %s: the builder runs on the build platform; it has no %s stand-in", ref, arch)
	}
	fsys, changes, err := s.recipe(k, ref, hostDebs{})
	if err != nil {
		return err
	}
	return s.load(ctx, fsys, changes, as, arch, "relabelled")
}

// load loads fsys with the configuration changes as the image named as,
// for linux/ARCH, unless an image of the same recipe has that name.
func (s *Standins) load(ctx context.Context, fsys *rootfs, changes []string, as, arch, how string) error {
	hash := fsys.hash(append([]string{recipeVersion, arch}, changes...)...)
	if img, ok, err := s.Docker.InspectImage(ctx, as); err != nil {
		return err
	} else if ok && img.Config.Labels[recipeLabel] == hash {
		s.logf("stand-in %s for linux/%s (%s): up to date (recipe %.12s)", as, arch, how, hash)
		return nil
	}
	// The layer is written from the files each time ggcr reads it (for
	// its digest, then for docker load): nothing big is held in memory.
	layer, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) {
		pr, pw := io.Pipe()
		go func() { pw.CloseWithError(fsys.writeTar(pw)) }()
		return pr, nil
	})
	if err != nil {
		return err
	}
	img, err := mutate.AppendLayers(empty.Image, layer)
	if err != nil {
		return err
	}
	cf, err := img.ConfigFile()
	if err != nil {
		return err
	}
	cf = cf.DeepCopy()
	cf.OS, cf.Architecture = "linux", arch
	cf.Config.Labels = map[string]string{recipeLabel: hash}
	for _, c := range changes {
		word, val, _ := strings.Cut(c, " ")
		switch word {
		case "ENV":
			cf.Config.Env = append(cf.Config.Env, val)
		case "USER":
			cf.Config.User = val
		case "WORKDIR":
			cf.Config.WorkingDir = val
		}
	}
	img, err = mutate.ConfigFile(img, cf)
	if err != nil {
		return err
	}
	tag, err := name.NewTag(as)
	if err != nil {
		return err
	}
	s.logf("stand-in %s for linux/%s (%s): loading %d files, %.1f MB (recipe %.12s)", as, arch, how, len(fsys.entries), float64(fsys.size())/1e6, hash)
	pr, pw := io.Pipe()
	go func() { pw.CloseWithError(tarball.Write(tag, img, pw)) }()
	_, err = s.Docker.RunInput(ctx, pr, "load")
	pr.Close()
	return err
}

// ForeignName is the name of ref's stand-in for arch.
func ForeignName(ref, arch string) string {
	r := strings.NewReplacer("/", "-", ":", "-", ".", "-")
	return "dockgen-e2e/" + arch + "-" + r.Replace(ref) + ":standin"
}

// Platform is the config's platform of an image, as docker inspects it.
func (d *Docker) Platform(ctx context.Context, ref string) (string, error) {
	out, err := d.Run(ctx, "image", "inspect", "--format", "{{.Os}}/{{.Architecture}}", ref)
	return strings.TrimSpace(out), err
}
