package dockerfile

import (
	goversion "go/version"
	"regexp"
	"strings"
	"sync"
)

// This file holds the readings of Dockerfile words that both dockgen check
// (through Read) and dockgen lint make, so that they read them alike.

// SplitImage splits an image reference into repository, tag and digest.
func SplitImage(ref string) (repo, tag, digest string) {
	ref, digest, _ = strings.Cut(ref, "@")
	slash := strings.LastIndex(ref, "/")
	if i := strings.LastIndex(ref, ":"); i > slash {
		return ref[:i], ref[i+1:], digest
	}
	return ref, "", digest
}

// IsGolang reports whether an image is the official Go image (or a mirror
// of it).
func IsGolang(image string) bool {
	repo, _, _ := SplitImage(image)
	return repo == "golang" || strings.HasSuffix(repo, "/golang")
}

var goTagRE = regexp.MustCompile(`^(\d+\.\d+(?:\.\d+)?(?:(?:rc|beta)\d+)?)(?:-|$)`)

// GoImageVersion returns the Go version of a golang image's tag ("1.26",
// "1.25.3", "1.27rc1"); ok is false for another image, or a tag without a
// version (latest, alpine).
func GoImageVersion(image string) (version string, ok bool) {
	if !IsGolang(image) {
		return "", false
	}
	_, tag, _ := SplitImage(image)
	m := goTagRE.FindStringSubmatch(tag)
	if m == nil {
		return "", false
	}
	return m[1], true
}

// Assignment finds the last VAR=value assignment to key in a shell script
// (inline before a command, or exported), with its quotes removed.
func Assignment(script, key string) (string, bool) {
	all := assignmentRE(key).FindAllStringSubmatch(script, -1)
	if len(all) == 0 {
		return "", false
	}
	m := all[len(all)-1]
	return m[1] + m[2] + m[3], true
}

// assignmentREs holds the compiled pattern of each key Assignment was
// asked about: compiling it took most of the time of reading a Dockerfile.
var assignmentREs sync.Map // key → *regexp.Regexp

// assignmentRE returns the pattern of an assignment to key.
func assignmentRE(key string) *regexp.Regexp {
	if re, ok := assignmentREs.Load(key); ok {
		return re.(*regexp.Regexp)
	}
	re := regexp.MustCompile(`(?:^|[\s;&|(])` + regexp.QuoteMeta(key) + `=(?:"([^"]*)"|'([^']*)'|([^\s;&|)]*))`)
	assignmentREs.Store(key, re)
	return re
}

// GoOlder reports whether the Go of a golang image tag (GoImageVersion) is
// older than need (a go line, "1.26.0"). A tag naming a language version
// alone (1.22) floats to its newest release, so only the language version
// counts then.
func GoOlder(tag, need string) bool {
	have, want := "go"+tag, "go"+need
	if goversion.Lang(have) == have {
		want = goversion.Lang(want)
	}
	return goversion.Compare(have, want) < 0
}
