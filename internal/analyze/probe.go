package analyze

import (
	"fmt"
	"go/ast"
	"strings"
)

// This file finds a main's probe subcommand: a subcommand named like a
// health check (mailpit readyz, a "healthcheck" command) whose code makes
// an HTTP request or dials out. Such a command checks the running server
// from inside the container, on an image without a shell or wget.

// probeWords are the words of a subcommand name that say it probes a
// server; a name matches when one of its words (split at - and _) is one.
var probeWords = []string{"health", "healthz", "healthcheck", "ready", "readyz", "readiness", "live", "livez", "liveness", "ping"}

// clientSels are the qualified names whose use makes an HTTP request or
// opens a connection: a client, a request, a dial.
var clientSels = []struct {
	pkgPath string
	names   []string
}{
	{"net/http", []string{"Get", "Head", "Post", "NewRequest", "NewRequestWithContext", "Client", "DefaultClient"}},
	{"net", []string{"Dial", "DialTimeout", "Dialer"}},
}

// clientSel records a client fact when pkg.name makes a request or dials.
func (s *fileScan) clientSel(pkgPath, name string, n *ast.SelectorExpr) {
	for _, c := range clientSels {
		if c.pkgPath != pkgPath {
			continue
		}
		for _, cn := range c.names {
			if cn == name {
				s.out.clients = append(s.out.clients, serveFact{s.ev(FactProbe, n.Pos(), "uses "+pkgPath+"."+name), s.fn})
				return
			}
		}
	}
}

// isProbeName reports whether a subcommand name says it probes a server.
func isProbeName(name string) bool {
	for _, w := range strings.FieldsFunc(strings.ToLower(name), func(r rune) bool { return r == '-' || r == '_' }) {
		for _, p := range probeWords {
			if w == p {
				return true
			}
		}
	}
	return false
}

// describeProbe sets the main's probe subcommand: the first subcommand,
// other than the serving one, named like a health check whose code reaches
// an HTTP request or a dial. Only a main that serves has one.
func describeProbe(m *Main, r *reach, facts []*pkgFacts) {
	if !m.Serves {
		return
	}
	for i, c := range r.cmds {
		if !isProbeName(c.name) || r.command != nil && r.command.node == c.node {
			continue
		}
		for _, f := range facts {
			for _, cl := range f.clients {
				if cl.fn == "" || !r.byCmd[i].has(cl.fn) {
					continue
				}
				m.HealthCommand = []string{c.name}
				m.Evidence = append(m.Evidence, Evidence{Fact: FactProbe, Pos: c.ev.Pos,
					Detail: fmt.Sprintf("%s probes the server: its code makes a request (%s at %s)", c.ev.Detail, cl.ev.Detail, cl.ev.Pos)})
				return
			}
		}
	}
}
