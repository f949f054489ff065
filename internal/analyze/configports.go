package analyze

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Ports of a configuration file. A server whose listeners come from its
// configuration file (maddy: "smtp tcp://0.0.0.0:25" in maddy.conf) names
// no port in its code; when the image carries that file (a run-time file
// the binary reads by default), the addresses on every interface written
// in it are the ports it listens on. Only explicit wildcard hosts count
// (0.0.0.0, [::]), with or without a scheme: a client's address names a
// host, and a bare ":25" could be anything; commented lines are skipped.

// configExts are the extensions of configuration files read for ports.
var configExts = []string{".conf", ".cfg", ".ini", ".yml", ".yaml", ".toml", ".json", ".hcl"}

// configListenRE matches an address on every interface in a configuration
// line: tcp://0.0.0.0:25, "[::]:8080", 0.0.0.0:993.
var configListenRE = regexp.MustCompile(`(?:\b[a-z][a-z0-9+.-]*://)?(?:0\.0\.0\.0|\[::\]):([0-9]{1,5})\b`)

// configPorts adds the ports of the configuration files among the run-time
// files of a main that serves, in order, after those of its code, with
// evidence at their lines.
func (a *analyzer) configPorts(m *Main) {
	if !m.Serves {
		return
	}
	var found []int
	defer func() {
		slices.Sort(found)
		m.Ports = append(m.Ports, found...)
	}()
	for _, rf := range m.RuntimeFiles {
		if rf.Dir || !slices.Contains(configExts, path.Ext(rf.Source)) {
			continue
		}
		data, err := fs.ReadFile(a.fsys, rf.Source)
		if err != nil {
			continue
		}
		sc := bufio.NewScanner(bytes.NewReader(data))
		for line := 1; sc.Scan(); line++ {
			text := strings.TrimSpace(sc.Text())
			if text == "" || text[0] == '#' || text[0] == ';' || strings.HasPrefix(text, "//") {
				continue
			}
			for _, match := range configListenRE.FindAllStringSubmatch(text, -1) {
				n, err := strconv.Atoi(match[1])
				if err != nil || n < 1 || n > 65535 || slices.Contains(m.Ports, n) || slices.Contains(found, n) {
					continue
				}
				found = append(found, n)
				m.Evidence = append(m.Evidence, Evidence{Fact: FactPort, Pos: fmt.Sprintf("%s:%d", rf.Source, line), Detail: fmt.Sprintf("the configuration file read at run time (%s) listens on %s", rf.Path, match[0])})
			}
		}
	}
}
