package cli

import (
	"github.com/dockgen/dockgen/internal/iostreams"
	"github.com/dockgen/dockgen/internal/registry"
)

// Factory holds what commands depend on, so tests can replace it.
type Factory struct {
	// IO are the standard streams.
	IO *iostreams.IOStreams
	// Getenv reads the environment (GOPRIVATE, GOMODCACHE, NO_COLOR, …).
	Getenv func(string) string
	// Registry resolves image digests (generate --pin, check --online).
	Registry *registry.Resolver
}

// NewFactory returns a Factory on the given streams and environment.
func NewFactory(io *iostreams.IOStreams, getenv func(string) string) *Factory {
	return &Factory{IO: io, Getenv: getenv, Registry: &registry.Resolver{}}
}
