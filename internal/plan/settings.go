package plan

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// SettingsPrefix starts the line of a generated Dockerfile that records the
// choices it was generated with, so that regeneration reproduces them.
const SettingsPrefix = "# dockgen-settings:"

// String formats the choices as the words of the settings line:
// base=… mains=… primary=… port=… cgo=… include=…, private=… when there
// are private module patterns, go=… when --go-version pinned a release and
// pin=digest when the images are pinned by digest.
func (c Choices) String() string {
	mains := "auto"
	if len(c.Mains) > 0 {
		mains = strings.Join(c.Mains, ",")
	}
	port := "auto"
	switch {
	case c.Port > 0:
		port = strconv.Itoa(c.Port)
	case c.Port < 0:
		port = "none"
	}
	primary := c.Primary
	if primary == "" {
		primary = "auto"
	}
	include := "none"
	if len(c.Include) > 0 {
		include = strings.Join(c.Include, ",")
	}
	private := "none"
	if len(c.Private) > 0 {
		private = strings.Join(c.Private, ",")
	}
	base, cgo := c.Base, c.Cgo
	if base == "" {
		base = Distroless
	}
	if cgo == "" {
		cgo = CgoAuto
	}
	s := fmt.Sprintf("base=%s mains=%s primary=%s port=%s cgo=%s include=%s", base, mains, primary, port, cgo, include)
	if private != "none" {
		s += " private=" + private // only when set: most projects have none
	}
	if c.GoVersion != "" {
		s += " go=" + c.GoVersion // only when pinned
	}
	if c.Pin {
		s += " pin=digest"
	}
	return s
}

// ParsePort checks a --port value: a port number, "none" or "auto".
func ParsePort(s string) (int, error) {
	switch s {
	case "auto", "":
		return 0, nil
	case "none":
		return -1, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 65535 {
		return 0, fmt.Errorf("invalid port %q (want 1-65535, none or auto)", s)
	}
	return n, nil
}

// ParseInclude checks an --include value.
func ParseInclude(s string) error {
	for _, n := range IncludeNames {
		if s == n {
			return nil
		}
	}
	return fmt.Errorf("unknown --include %q (want %s)", s, strings.Join(IncludeNames, ", "))
}

// ParseSettings reads the settings line of a generated Dockerfile. It
// returns ok false when there is none; errors name the file and line.
func ParseSettings(name string, dockerfile []byte) (c Choices, ok bool, err error) {
	lines := strings.SplitN(string(dockerfile), "\n", 12)
	for i, line := range lines {
		if i == len(lines)-1 && len(lines) == 12 {
			break
		}
		rest, found := strings.CutPrefix(strings.TrimSpace(line), SettingsPrefix)
		if !found {
			continue
		}
		c, err := parseWords(rest)
		if err != nil {
			return Choices{}, false, fmt.Errorf("%s:%d: %s %w", name, i+1, strings.TrimSpace(SettingsPrefix[2:]), err)
		}
		return c, true, nil
	}
	return Choices{}, false, nil
}

func parseWords(s string) (Choices, error) {
	var c Choices
	seen := map[string]bool{}
	for _, word := range strings.Fields(s) {
		key, val, ok := strings.Cut(word, "=")
		if !ok {
			return c, fmt.Errorf("%q is not key=value", word)
		}
		if seen[key] {
			return c, fmt.Errorf("%s given twice", key)
		}
		seen[key] = true
		var err error
		switch key {
		case "base":
			c.Base, err = ParseBase(val)
		case "mains":
			if val != "auto" {
				c.Mains = strings.Split(val, ",")
			}
		case "primary":
			if val != "auto" {
				c.Primary = val
			}
		case "port":
			c.Port, err = ParsePort(val)
		case "cgo":
			c.Cgo, err = ParseCgo(val)
		case "include":
			if val != "none" {
				c.Include = strings.Split(val, ",")
				sort.Strings(c.Include)
				for _, inc := range c.Include {
					if err = ParseInclude(inc); err != nil {
						break
					}
				}
			}
		case "private":
			if val != "none" {
				c.Private = strings.Split(val, ",")
			}
		case "pin":
			switch val {
			case "digest":
				c.Pin = true
			case "none":
			default:
				err = fmt.Errorf("pin=%s (want digest or none)", val)
			}
		case "go":
			if val != "auto" {
				c.GoVersion, err = val, ParseGoVersion(val)
			}
		default:
			err = fmt.Errorf("unknown key %q (want base, mains, primary, port, cgo, include, private, go, pin)", key)
		}
		if err != nil {
			return c, err
		}
	}
	return c, nil
}
