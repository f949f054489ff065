package cli

import (
	"github.com/dockgen/dockgen/internal/iostreams"
	"github.com/dockgen/dockgen/internal/prompter"
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
	// Prompter returns what asks the wizard's questions: survey on IO's
	// terminal, or a stub in tests.
	Prompter func() (prompter.Prompter, error)
	// NoCache turns the analysis cache off for this run (--no-cache;
	// DOCKGEN_CACHE=off does it from the environment).
	NoCache bool
}

// NewFactory returns a Factory on the given streams and environment; its
// Prompter asks on the streams' terminal.
func NewFactory(io *iostreams.IOStreams, getenv func(string) string) *Factory {
	f := &Factory{IO: io, Getenv: getenv, Registry: &registry.Resolver{}}
	f.Prompter = func() (prompter.Prompter, error) {
		s, err := prompter.NewSurvey(f.IO.In, f.IO.Out, promptColor(f))
		if err != nil {
			return nil, err
		}
		return s, nil
	}
	return f
}
