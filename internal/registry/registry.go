// Package registry resolves image references to digests with
// github.com/google/go-containerregistry (the library ko and crane use),
// through the person's Docker credentials. It is the only code in dockgen
// that talks to an image registry: generate --pin and check --online.
package registry

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/remote"
)

// Timeout bounds one resolution.
const Timeout = 30 * time.Second

// Resolver resolves references such as golang:1.26.11-trixie to the digest
// the registry serves for them now: the digest of the image index for a
// multi-platform image, so a pin holds for every platform.
type Resolver struct {
	// Keychain supplies credentials; nil means authn.DefaultKeychain, which
	// reads Docker's config.json and its credential helpers.
	Keychain authn.Keychain
	// Mirror, when set, replaces the registry of every reference
	// ("127.0.0.1:5000"): a pull-through mirror, or an in-process registry
	// in tests. The repository path stays ("library/golang").
	Mirror string
	// Transport is the HTTP transport; nil means remote's default.
	Transport http.RoundTripper
}

// Digest returns the digest ("sha256:…") ref names now.
func (r *Resolver) Digest(ctx context.Context, ref string) (string, error) {
	parsed, err := name.ParseReference(ref)
	if err != nil {
		return "", fmt.Errorf("%s: %w", ref, err)
	}
	if r.Mirror != "" {
		tag := parsed.Identifier()
		sep := ":"
		if strings.HasPrefix(tag, "sha256:") {
			sep = "@"
		}
		parsed, err = name.ParseReference(r.Mirror + "/" + parsed.Context().RepositoryStr() + sep + tag)
		if err != nil {
			return "", fmt.Errorf("%s through mirror %s: %w", ref, r.Mirror, err)
		}
	}
	kc := r.Keychain
	if kc == nil {
		kc = authn.DefaultKeychain
	}
	ctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	opts := []remote.Option{remote.WithAuthFromKeychain(kc), remote.WithContext(ctx)}
	if r.Transport != nil {
		opts = append(opts, remote.WithTransport(r.Transport))
	}
	desc, err := remote.Head(parsed, opts...)
	if err != nil {
		// Some registries answer HEAD without the digest header: GET.
		full, gerr := remote.Get(parsed, opts...)
		if gerr != nil {
			return "", fmt.Errorf("resolving %s: %s", ref, oneLine(gerr))
		}
		return full.Digest.String(), nil
	}
	return desc.Digest.String(), nil
}

// oneLine keeps the first line of an error: registry errors can carry a
// response body.
func oneLine(err error) string {
	s, _, _ := strings.Cut(err.Error(), "\n")
	return s
}
