package plan

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/dockgen/dockgen/internal/header"
)

// String formats the choices as the words of the settings line:
// base=… mains=… primary=… port=… cgo=… include=…, and private=… when
// there are private module patterns.
func (c Choices) String() string {
	var words []string
	for _, ch := range choiceTable {
		v := ch.format(c)
		if v == "" {
			continue // only when set (private): most projects have none
		}
		words = append(words, ch.key+"="+v)
	}
	return strings.Join(words, " ")
}

// orWord joins list with commas, or returns word for an empty list.
func orWord(list []string, word string) string {
	if len(list) == 0 {
		return word
	}
	return strings.Join(list, ",")
}

// unlessWord splits a comma list, or returns nil for word.
func unlessWord(s, word string) []string {
	if s == word {
		return nil
	}
	return strings.Split(s, ",")
}

func formatPort(port int) string {
	switch {
	case port > 0:
		return strconv.Itoa(port)
	case port < 0:
		return "none"
	}
	return "auto"
}

// formatPorts formats ports by binary name for the settings line:
// api:8080,worker:none, sorted by name; "" when there are none.
func formatPorts(ports map[string]int) string {
	var words []string
	for _, name := range slices.Sorted(maps.Keys(ports)) {
		if ports[name] != 0 {
			words = append(words, name+":"+formatPort(ports[name]))
		}
	}
	return strings.Join(words, ",")
}

// parsePorts reads the value formatPorts writes.
func parsePorts(s string) (map[string]int, error) {
	ports := map[string]int{}
	for _, word := range strings.Split(s, ",") {
		i := strings.LastIndex(word, ":")
		if i <= 0 {
			return nil, fmt.Errorf("ports=%s: %q is not BINARY:PORT", s, word)
		}
		name := word[:i]
		if _, dup := ports[name]; dup {
			return nil, fmt.Errorf("ports=%s: %s given twice", s, name)
		}
		if i == len(word)-1 {
			return nil, fmt.Errorf("ports=%s: %s: an empty port", s, name)
		}
		n, err := ParsePort(word[i+1:])
		if err != nil {
			return nil, fmt.Errorf("ports=%s: %s: %w", s, name, err)
		}
		ports[name] = n
	}
	return MergePorts(nil, ports), nil
}

// ParseNamedPort checks a --port NAME=N value: the binary's name and its
// port (N, none or auto).
func ParseNamedPort(s string) (string, int, error) {
	name, val, _ := strings.Cut(s, "=")
	if name == "" || strings.ContainsAny(name, ", \t") {
		return "", 0, fmt.Errorf("invalid binary name %q in %q (want NAME=N)", name, s)
	}
	if val == "" {
		return "", 0, fmt.Errorf("no port in %q (want NAME=N, NAME=none or NAME=auto)", s)
	}
	n, err := ParsePort(val)
	if err != nil {
		return "", 0, err
	}
	return name, n, nil
}

// MergePorts returns the ports of base with those of over put over them by
// name; a name over sets to 0 (auto) is dropped. It returns nil for none.
func MergePorts(base, over map[string]int) map[string]int {
	var out map[string]int
	for _, m := range []map[string]int{base, over} {
		for name, n := range m {
			if out == nil {
				out = map[string]int{}
			}
			out[name] = n
			if n == 0 {
				delete(out, name)
			}
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
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

// parseIncludes checks a list of --include values and sorts it.
func parseIncludes(list []string) ([]string, error) {
	sort.Strings(list)
	for _, inc := range list {
		if err := ParseInclude(inc); err != nil {
			return nil, err
		}
	}
	return list, nil
}

// ParseSettings reads the settings line of a generated Dockerfile (see
// package header). It returns ok false when there is none; errors name the
// file and line.
func ParseSettings(name string, dockerfile []byte) (c Choices, ok bool, err error) {
	words, line, found := header.Settings(dockerfile)
	if !found {
		return Choices{}, false, nil
	}
	if c, err = parseWords(words); err != nil {
		return Choices{}, false, fmt.Errorf("%s:%d: %s %w", name, line, header.SettingsName(), err)
	}
	return c, true, nil
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
		ch, ok := choiceByKey(key)
		if !ok {
			return c, fmt.Errorf("unknown key %q (want %s)", key, settingsKeys())
		}
		if val == "" || strings.HasPrefix(val, ",") || strings.HasSuffix(val, ",") || strings.Contains(val, ",,") {
			return c, fmt.Errorf("%s=%s: an empty value", key, val)
		}
		if err := ch.parse(&c, val); err != nil {
			return c, err
		}
	}
	return c, nil
}

func choiceByKey(key string) (choice, bool) {
	for _, ch := range choiceTable {
		if ch.key == key {
			return ch, true
		}
	}
	return choice{}, false
}

func settingsKeys() string {
	var keys []string
	for _, ch := range choiceTable {
		keys = append(keys, ch.key)
	}
	return strings.Join(keys, ", ")
}
