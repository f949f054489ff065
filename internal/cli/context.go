package cli

import (
	"bytes"
	"fmt"

	"github.com/moby/patternmatcher/ignorefile"

	"github.com/dockgen/dockgen/internal/lint"
	"github.com/dockgen/dockgen/internal/plan"
)

// existingContextStyle is the style of the .dockerignore beside a
// Dockerfile whose settings line has no context= word: one written by a
// dockgen that knew only deny lists. Regeneration keeps that style unless
// --context says otherwise; without a .dockerignore the new file is an
// allow list.
func existingContextStyle(t target) (plan.ContextStyle, error) {
	ig, err := lint.LoadIgnore(t.dir, t.dockerfile)
	if err != nil {
		return "", inputError(err)
	}
	if ig == nil {
		return plan.ContextAllow, nil
	}
	return plan.IgnoreStyle(ig.Patterns), nil
}

// maxContextReasons bounds the files check names; the rest are counted.
const maxContextReasons = 10

// contextReasons names, one line each, the files the build reads or the
// image copies that the .dockerignore content old leaves out of the build
// context (a new embed pattern, run-time file or cgo source the file does
// not know yet). It returns nil when old leaves out none of them.
func contextReasons(name string, old []byte, pl *plan.Plan) []string {
	patterns, err := ignorefile.ReadAll(bytes.NewReader(old))
	if err != nil {
		return []string{fmt.Sprintf("%s: %v", name, err)}
	}
	var out []string
	left := plan.LeftOut(patterns, pl.Ignore.Needed)
	for i, m := range left {
		if i == maxContextReasons {
			out = append(out, fmt.Sprintf("%s: and %d more files it leaves out", name, len(left)-i))
			break
		}
		if m.OlderDocker {
			out = append(out, fmt.Sprintf("%s: %s is %s, but older Docker releases leave it out of the build context: no line names its directory", name, m.Path, m.Why))
		} else {
			out = append(out, fmt.Sprintf("%s: %s is %s, but it is left out of the build context", name, m.Path, m.Why))
		}
	}
	return out
}
