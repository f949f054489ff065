package dockerfile

import (
	"slices"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/moby/buildkit/frontend/dockerfile/shell"
)

// Env is an ordered set of variables; it implements shell.EnvGetter.
type Env struct {
	keys []string
	vals map[string]string
}

// NewEnv returns an empty environment.
func NewEnv() *Env { return &Env{vals: map[string]string{}} }

// Get returns the value of key.
func (e *Env) Get(key string) (string, bool) {
	v, ok := e.vals[key]
	return v, ok
}

// Keys returns the variable names in the order they were set.
func (e *Env) Keys() []string { return slices.Clone(e.keys) }

// Set sets key, keeping its place when it was set before.
func (e *Env) Set(key, value string) {
	if _, ok := e.vals[key]; !ok {
		e.keys = append(e.keys, key)
	}
	e.vals[key] = value
}

// Clone returns a copy of e.
func (e *Env) Clone() *Env {
	c := NewEnv()
	for _, k := range e.keys {
		c.Set(k, e.vals[k])
	}
	return c
}

// The platform dockgen assumes for the predefined build arguments when it
// reads a Dockerfile without building it.
const (
	AssumedOS   = "linux"
	AssumedArch = "amd64"
)

// DefaultArgs are the build arguments BuildKit predefines, for a build of
// target (the last stage's name; "default" when it has none).
func DefaultArgs(target string) *Env {
	if target == "" {
		target = "default"
	}
	e := NewEnv()
	for _, kv := range [][2]string{
		{"BUILDPLATFORM", AssumedOS + "/" + AssumedArch}, {"BUILDOS", AssumedOS}, {"BUILDOSVERSION", ""}, {"BUILDARCH", AssumedArch}, {"BUILDVARIANT", ""},
		{"TARGETPLATFORM", AssumedOS + "/" + AssumedArch}, {"TARGETOS", AssumedOS}, {"TARGETOSVERSION", ""}, {"TARGETARCH", AssumedArch}, {"TARGETVARIANT", ""},
		{"TARGETSTAGE", target},
	} {
		e.Set(kv[0], kv[1])
	}
	return e
}

// platformArgs are the build arguments BuildKit predefines.
var platformArgs = map[string]bool{}

func init() {
	for _, k := range DefaultArgs("").Keys() {
		platformArgs[k] = true
	}
}

// globalArgs returns the predefined build arguments and the global ARGs
// (those before the first FROM) with their defaults expanded in order. An
// error carries the ARG's location.
func globalArgs(metaArgs []instructions.ArgCommand, lex *shell.Lex, target string) (*Env, error) {
	global := DefaultArgs(target)
	for _, cmd := range metaArgs {
		for _, kp := range cmd.Args {
			if kp.Value == nil {
				continue
			}
			res, err := lex.ProcessWordWithMatches(*kp.Value, global)
			if err != nil {
				return nil, parser.WithLocation(err, cmd.Location())
			}
			global.Set(kp.Key, res.Result)
		}
	}
	return global, nil
}
