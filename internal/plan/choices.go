package plan

import (
	"fmt"
	"maps"
	"strings"
)

// Base names the kind of final image.
type Base string

// The bases dockgen can write, in the order a person is offered them.
const (
	Distroless Base = "distroless"
	Scratch    Base = "scratch"
	Alpine     Base = "alpine"
)

// BaseInfo describes a base for help text and the wizard.
type BaseInfo struct {
	Base    Base
	Summary string // one line on what it means
	Size    string // expected size above the binary
}

// Bases lists the bases in the order they are offered; the first is the
// default.
var Bases = []BaseInfo{
	{Distroless, "no shell, CA certificates, time zones and a nonroot user built in (recommended)", "about 2 MB above the binary"},
	{Scratch, "nothing but the binary and exactly the files it needs; smallest, no shell", "under 300 KB above the binary"},
	{Alpine, "a shell and busybox for debugging, musl libc; HEALTHCHECK possible", "about 8 MB above the binary"},
}

// ParseBase checks a --base value.
func ParseBase(s string) (Base, error) {
	for _, b := range Bases {
		if string(b.Base) == s {
			return b.Base, nil
		}
	}
	return "", fmt.Errorf("unknown base %q (want %s)", s, BaseNames())
}

// BaseNames lists the valid base names, for messages and completion.
func BaseNames() string {
	var names []string
	for _, b := range Bases {
		names = append(names, string(b.Base))
	}
	return strings.Join(names, ", ")
}

// CgoMode says whether cgo is used: decided from the code, or forced.
type CgoMode string

// Cgo modes.
const (
	CgoAuto CgoMode = "auto"
	CgoOn   CgoMode = "on"
	CgoOff  CgoMode = "off"
)

// ParseCgo checks a --cgo value.
func ParseCgo(s string) (CgoMode, error) {
	switch CgoMode(s) {
	case CgoAuto, CgoOn, CgoOff:
		return CgoMode(s), nil
	}
	return "", fmt.Errorf("unknown cgo mode %q (want auto, on, off)", s)
}

// Extra run-time files a person can ask for beyond what the analysis found.
const (
	IncludeCACerts = "ca-certs"
	IncludeTZData  = "tzdata"
	IncludeTmp     = "tmp"
	IncludePasswd  = "passwd"
)

// IncludeNames lists the valid --include values.
var IncludeNames = []string{IncludeCACerts, IncludeTZData, IncludeTmp, IncludePasswd}

// Choices are what a person decides, from flags, the wizard or saved
// settings. The zero value means "dockgen's defaults" everywhere.
type Choices struct {
	// Base is the final image kind; empty means distroless.
	Base Base `json:"base,omitempty"`
	// Mains selects main packages by directory (or binary name); empty
	// means the service-like mains (see DefaultMains).
	Mains []string `json:"mains,omitempty"`
	// Primary is the binary of the default (last) stage; empty means
	// dockgen picks one (see pickPrimary).
	Primary string `json:"primary,omitempty"`
	// Port overrides the primary binary's port: 0 keeps the detected
	// ports, -1 exposes none.
	Port int `json:"port,omitempty"`
	// Ports overrides the port of a binary by its name, the primary's
	// included (a named port wins over Port): a port, or -1 for none. A
	// binary not named keeps its detected ports; 0 (auto) drops the name.
	Ports map[string]int `json:"ports,omitempty"`
	// Cgo forces cgo on or off; empty means auto.
	Cgo CgoMode `json:"cgo,omitempty"`
	// Include adds run-time files the analysis did not find a need for.
	Include []string `json:"include,omitempty"`
	// Context is the style of the .dockerignore; empty means allow.
	Context ContextStyle `json:"context,omitempty"`
	// Private are GOPRIVATE-style patterns of private modules, remembered
	// so that regeneration does not depend on the environment it runs in.
	Private []string `json:"private,omitempty"`
	// GoVersion pins the Go release of the build stage (1.26.3); empty
	// means the newest patch dockgen knows of the release go.mod needs.
	GoVersion string `json:"go,omitempty"`
	// Pin names every image by digest (tag@sha256:…).
	Pin bool `json:"pin,omitempty"`

	// saved notes which ports Layer took from the saved settings, so that
	// Decide's reasons name the settings line rather than a flag; nil
	// when nothing was layered.
	saved *savedPorts
}

// savedPorts are the ports Layer kept from the saved settings.
type savedPorts struct {
	port      int            // the unnamed port, 0 when given (or none saved)
	portGiven bool           // the unnamed port was given (--port N)
	ports     map[string]int // the ports by name that no flag replaced
	dropped   []string       // saved ports of binaries no main builds, said as reasons
}

// primaryPorts returns ports without the primary's saved port by name when
// the unnamed port was given: the primary's port is then the one given.
func (s *savedPorts) primaryPorts(ports map[string]int, primary string) map[string]int {
	if _, saved := s.named(primary); !saved || !s.portGiven {
		return ports
	}
	ports = maps.Clone(ports)
	delete(ports, primary)
	return MergePorts(nil, ports)
}

// how says where the port n of binary (the unnamed port when binary is "")
// comes from: the saved settings when it is still the value Layer took
// from them, else the flag that gives it.
func (s *savedPorts) how(binary string, n int) string {
	if binary == "" {
		if s != nil && s.port == n {
			return "saved settings: port=" + formatPort(n)
		}
		return "--port " + formatPort(n)
	}
	if v, ok := s.named(binary); ok && v == n {
		return "saved settings: ports=" + binary + ":" + formatPort(n)
	}
	return "--port " + binary + "=" + formatPort(n)
}

// droppedPorts are the reasons for the saved ports Layer dropped.
func (s *savedPorts) droppedPorts() []string {
	if s == nil {
		return nil
	}
	return s.dropped
}

func (s *savedPorts) named(binary string) (int, bool) {
	if s == nil {
		return 0, false
	}
	v, ok := s.ports[binary]
	return v, ok
}
