package plan

import (
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/dockgen/dockgen/internal/analyze"
)

// This file decides how a final stage runs: the ports it exposes, its
// health check, its command line (the serving subcommand, a listen flag),
// the environment that opens its listen address to the published port,
// and the writable directories it needs.

// EnvVar is one ENV assignment of a final stage.
type EnvVar struct {
	Name, Value string
}

// homeDir is the nonroot user's home in every base's passwd entry.
const homeDir = "/home/nonroot"

// EmptyDir is the empty build-stage directory that final stages copy, owned
// by the nonroot user, to create writable directories without a shell.
const EmptyDir = "/rootfs-empty"

// run decides ports, health check, command line, environment and writable
// directories of f. port is the --port choice (0 auto, -1 none).
func (d *decider) run(f *Final, m analyze.Main, base Base, chosen chosenPort) {
	port := chosen.n
	topic := m.Binary
	if len(m.Command) > 0 {
		f.Cmd = slices.Clone(m.Command)
		d.reason(topic+": command", "CMD %q: %s", m.Command, commandEvidence(m))
		if len(m.OtherCommands) > 0 {
			d.warn("%s: the subcommands %s also listen; the image runs %q (change CMD, or pass the subcommand to docker run)", topic, shortList(m.OtherCommands, 6), m.Command[0])
		}
	}
	switch {
	case port > 0:
		f.Ports = chosenPorts(m, port)
		kept := ""
		if len(f.Ports) > 1 {
			kept = fmt.Sprintf("; %s kept: the binary's other servers listen there", PortList(slices.DeleteFunc(slices.Clone(f.Ports), func(p int) bool { return p == port })))
		}
		d.reason(topic+": port", "EXPOSE %s (%s%s)", PortList(f.Ports), chosen.flag, kept)
	case port < 0:
		d.reason(topic+": port", "no EXPOSE (%s)", chosen.flag)
	default:
		f.Ports = m.Ports
		if len(m.Ports) > 0 {
			d.reason(topic+": port", "EXPOSE %s: %s", PortList(m.Ports), portEvidence(m))
		}
	}
	d.listen(f, m, port)
	if low := slices.DeleteFunc(slices.Clone(f.Ports), func(p int) bool { return p >= 1024 }); len(low) > 0 {
		note := fmt.Sprintf("Port %s is below 1024: Docker lets the non-root user bind it, Kubernetes does not by default (grant NET_BIND_SERVICE, or listen on a port above 1023).", PortList(low))
		if len(low) > 1 {
			note = fmt.Sprintf("Ports %s are below 1024: Docker lets the non-root user bind them, Kubernetes does not by default (grant NET_BIND_SERVICE, or listen on ports above 1023).", strings.ReplaceAll(PortList(low), " ", ", "))
		}
		f.Notes = append(f.Notes, note)
		d.warn("%s: %s", topic, note)
		d.reason(topic+": port", "%s", note)
	}
	d.optional(f, m)
	d.databases(f, m)
	d.health(f, m, base, port)
	d.dirs(f, m, base)
}

// health decides the HEALTHCHECK of f. The main's own probe subcommand
// comes first: in exec form it needs no shell nor wget, so every base gets
// it, and it reads the server's settings as the server does. Otherwise a
// health route is probed with busybox wget on alpine (a comment says how
// to probe it elsewhere), on the port of the server that serves it: the
// chosen port, the one analyze links the route to, the code's only one,
// or none when several could be it.
// port is the --port choice (0 auto, -1 none).
func (d *decider) health(f *Final, m analyze.Main, base Base, port int) {
	topic := m.Binary
	switch {
	case len(m.HealthCommand) > 0:
		f.Healthcheck = append([]string{f.BinaryPath}, m.HealthCommand...)
		d.reason(topic+": health", "HEALTHCHECK %q: %s; in exec form it needs no shell, so %s has it too", f.Healthcheck, evidenceOf(m, analyze.FactProbe), base)
		return
	case m.HealthPath == "":
		return
	case len(f.Ports) == 0:
		if port >= 0 {
			d.warn("%s: health route %s found but no port, so no HEALTHCHECK: pass --port N to add one", topic, m.HealthPath)
			d.reason(topic+": health", "health route %s but no port known: no HEALTHCHECK", m.HealthPath)
		}
		return
	}
	hp := f.Ports[0]
	switch {
	case port > 0:
		hp = port // the moved listen's: the person named the server's port
	case slices.Contains(f.Ports, m.HealthPort):
		hp = m.HealthPort // the code links the route to its server
	case len(f.Ports) > 1:
		f.HealthNote = fmt.Sprintf("No HEALTHCHECK: the health route %s is served on one of ports %s, and the code does not show which.", m.HealthPath, PortList(f.Ports))
		d.warn("%s: %s Pass --port N to probe port N", topic, f.HealthNote)
		d.reason(topic+": health", "%s", f.HealthNote)
		return
	}
	url := fmt.Sprintf("http://127.0.0.1:%d%s", hp, m.HealthPath)
	if base == Alpine {
		f.Healthcheck = []string{"wget", "-q", "-O", "/dev/null", url}
		linked := ""
		if port <= 0 && hp == m.HealthPort && len(f.Ports) > 1 {
			linked = fmt.Sprintf(" (port %d: the code registers the route on that server's handler)", hp)
		}
		d.reason(topic+": health", "HEALTHCHECK with busybox wget on %s%s", url, linked)
		return
	}
	f.HealthNote = fmt.Sprintf("No shell for a HEALTHCHECK: probe GET %s on port %d (httpGet in Kubernetes).", m.HealthPath, hp)
	d.reason(topic+": health", "%s", f.HealthNote)
}

// optional notes the listens that are off by default (analyze's
// Optional): not EXPOSEd nor health-probed, a comment says which port each
// would use and what turns it on.
func (d *decider) optional(f *Final, m analyze.Main) {
	for _, o := range m.Optional {
		if slices.Contains(f.Ports, o.Port) {
			continue // the port is exposed for another reason (--port)
		}
		on := "nothing on the command line or in the environment turns it on"
		if len(o.EnabledBy) > 0 {
			on = "set " + OrList(o.EnabledBy) + " to turn it on, and EXPOSE " + strconv.Itoa(o.Port)
		}
		f.Notes = append(f.Notes, fmt.Sprintf("Port %d is not exposed: the listen at %s is off by default (%s); %s.", o.Port, o.Pos, o.ConditionPos, on))
		d.reason(m.Binary+": optional listen", "port %d not exposed nor probed: %s", o.Port, o.Off())
	}
}

// databases notes the database servers the binary connects to: the image
// cannot carry them, so the container needs one from outside. When the
// code says which setting gives the server's address, that is a warning
// and the docker run hint passes it on; when it does not (the address
// comes from a configuration file), whether the server is needed is the
// configuration's say, so it is a note only. A server that is one choice
// of the configuration (the code also chooses a database file's driver) is
// a reason only.
func (d *decider) databases(f *Final, m analyze.Main) {
	for _, db := range m.Databases {
		name := analyze.DatabaseNames[db.Kind]
		topic := m.Binary + ": database"
		if db.Choice != "" {
			d.reason(topic, "may connect to %s (%s) when its configuration says so: %s, so a database file is another choice", name, db.Pos, db.Choice)
			continue
		}
		set := db.SetBy()
		if set == "" {
			note := fmt.Sprintf("Connects to %s (%s) when its configuration leads there; the image does not carry one, and dockgen traced no setting of its address.", name, db.Pos)
			f.Notes = append(f.Notes, note)
			d.reason(topic, "%s", note)
			continue
		}
		if len(db.Env) > 0 && !slices.Contains(f.RunEnv, db.Env[0]) {
			f.RunEnv = append(f.RunEnv, db.Env[0])
		}
		note := fmt.Sprintf("Connects to %s (%s), which the image does not carry: give it the server's address in %s.", name, db.Pos, set)
		f.Notes = append(f.Notes, note)
		d.warn("%s: %s", m.Binary, note)
		d.reason(topic, "%s", note)
	}
}

// OrList joins names as "a, b or c".
func OrList(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// commandEvidence says why a subcommand serves.
func commandEvidence(m analyze.Main) string {
	return evidenceOf(m, analyze.FactCommand)
}

// evidenceOf gives the first evidence of a fact of m, "" for none.
func evidenceOf(m analyze.Main, fact string) string {
	for _, ev := range m.Evidence {
		if ev.Fact == fact {
			return ev.Pos + " " + ev.Detail
		}
	}
	return ""
}

// setting is one way to change a listen address: an environment variable
// or a flag, and what part of the address it holds.
type setting struct {
	env  bool
	name string
	part string // "addr", "host" or "port"
}

// partOf tells what part of an address a variable or flag name holds: host
// and bind names hold the host, port names the port, the rest the address.
func partOf(name string) string {
	n := strings.ToLower(name)
	switch {
	case strings.Contains(n, "addr") || strings.Contains(n, "listen"):
		return "addr"
	case strings.Contains(n, "host") || strings.Contains(n, "bind") || strings.Contains(n, "interface"):
		return "host"
	case strings.Contains(n, "port"):
		return "port"
	}
	return ""
}

// listen opens a loopback listen address to the published port, and wires
// a chosen port that differs from the code's port, through the environment
// variable or flag that sets it; it warns when nothing does. The chosen
// port replaces one listen address only: the one on the port EXPOSEd and
// health-checked without a choice (the code's first port); a binary's other
// servers (mailpit's SMTP beside its HTTP) keep their own ports.
func (d *decider) listen(f *Final, m analyze.Main, port int) {
	applied := map[setting]bool{}
	moved := movedListen(m, port)
	for i, l := range m.Listen {
		if moved >= 0 && !samePort(m.Listen, i, moved) {
			d.reason(m.Binary+": listen", "%s keeps port %d (%s): the port chosen, %d, replaces %d only", l.Address, l.Port, l.Pos, port, m.Listen[moved].Port)
			d.openListen(f, m.Binary, l, 0, false, applied)
			continue
		}
		d.openListen(f, m.Binary, l, port, len(m.Ports) > 0, applied)
	}
}

// movedListen returns the index in m.Listen of the address a chosen port
// moves: the first on the code's first port, else the first; -1 when no
// port is chosen, the binary listens at most once, or the code's ports are
// unknown (then openListen moves no listen: none is known to differ).
func movedListen(m analyze.Main, port int) int {
	if port <= 0 || len(m.Ports) == 0 || len(m.Listen) < 2 {
		return -1
	}
	if i := slices.IndexFunc(m.Listen, func(l analyze.Listen) bool { return l.Port == m.Ports[0] }); i >= 0 {
		return i
	}
	return 0
}

// chosenPorts is what a final with port chosen exposes: the code's ports
// with only the moved listen's port replaced by it, in its place, since the
// binary's other servers keep their ports; the chosen port alone when no
// single listen moves (one listen, or none on a known port).
func chosenPorts(m analyze.Main, port int) []int {
	moved := movedListen(m, port)
	if moved < 0 {
		return []int{port}
	}
	old := m.Listen[moved].Port
	var out []int
	for _, p := range m.Ports {
		if p == old {
			p = port
		}
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	if !slices.Contains(out, port) {
		out = append([]int{port}, out...)
	}
	return out
}

// samePort says whether listen i is on the port of listen moved (the same
// server found at two places), or is moved itself.
func samePort(ls []analyze.Listen, i, moved int) bool {
	return i == moved || ls[moved].Port != 0 && ls[i].Port == ls[moved].Port
}

// openListen does listen's work for one listen call l of the binary topic.
// A setting already applied for another address is not applied again.
func (d *decider) openListen(f *Final, topic string, l analyze.Listen, port int, hasPorts bool, applied map[setting]bool) {
	needHost := analyze.IsLoopback(l.Host)
	needPort := port > 0 && port != l.Port && hasPorts
	if !needHost && !needPort {
		return
	}
	want := l.Port
	if needPort {
		want = port
	}
	host := l.Host
	if needHost {
		host = "0.0.0.0"
	}
	done := map[string]bool{}
	for _, s := range listenSettings(l, needHost, needPort) {
		done[s.part] = true
		if applied[s] {
			continue // another address set by the same flag or variable has it
		}
		applied[s] = true
		value := joinHostPort(host, want)
		switch s.part {
		case "host":
			value = host
		case "port":
			value = strconv.Itoa(want)
		}
		if s.env {
			f.Env = append(f.Env, EnvVar{s.name, value})
			d.reason(topic+": listen", "ENV %s=%s: the code listens on %s by default (%s), read from $%s", s.name, value, l.Address, l.Pos, s.name)
		} else {
			f.Cmd = append(f.Cmd, "--"+s.name+"="+value)
			d.reason(topic+": listen", "CMD flag --%s=%s: the code listens on %s by default (%s), set by --%s", s.name, value, l.Address, l.Pos, s.name)
		}
	}
	if needHost && !done["addr"] && !done["host"] {
		d.warn("%s: %s listens on %s, inside the container only: a published port cannot reach it, and nothing in the environment or on the command line changes it; make the address configurable", topic, l.Pos, l.Address)
	}
	if needPort && !done["addr"] && !done["port"] {
		d.warn("%s: --port %d, but %s listens on %s and nothing in the environment or on the command line changes it: EXPOSE and HEALTHCHECK use %d, which nothing answers", topic, port, l.Pos, l.Address, port)
	}
}

// listenSettings chooses the environment variables and flags (in that
// order) that move the listen address of l: the first that sets the whole
// address; else the first that sets the host when the host must change,
// and the first that sets the port when the port must.
func listenSettings(l analyze.Listen, needHost, needPort bool) []setting {
	var settings []setting
	for _, e := range l.Env {
		settings = append(settings, setting{true, e, partOf(e)})
	}
	for _, fl := range l.Flags {
		part := partOf(fl)
		if slices.Contains(l.AddrFlags, fl) {
			part = "addr" // its default is host:port, whatever its name says
		}
		settings = append(settings, setting{false, fl, part})
	}
	for _, s := range settings {
		if s.part == "addr" {
			return []setting{s}
		}
	}
	var out []setting
	host, port := false, false
	for _, s := range settings {
		switch {
		case s.part == "host" && needHost && !host:
			out, host = append(out, s), true
		case s.part == "port" && needPort && !port:
			out, port = append(out, s), true
		}
	}
	return out
}

// shellQuote quotes a word for a POSIX shell when it needs it.
func shellQuote(w string) string {
	if w != "" && strings.Trim(w, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=@%+,") == "" {
		return w
	}
	return "'" + strings.ReplaceAll(w, "'", `'\''`) + "'"
}

// joinHostPort joins a host and a port into an address.
func joinHostPort(host string, port int) string {
	return host + ":" + strconv.Itoa(port)
}

// dirs decides the writable directories: the nonroot home on bases whose
// image lacks it, and the directories the code writes data to, with a
// working directory for relative ones and a volume hint.
func (d *decider) dirs(f *Final, m analyze.Main, base Base) {
	topic := m.Binary
	if base != Distroless {
		f.Dirs = append(f.Dirs, homeDir)
		d.reason(topic+": home", "%s created owned by %d: the user's passwd entry names it and %s has none, so code writing under $HOME would fail", homeDir, NonrootUID, base)
	}
	if base == Scratch {
		f.Env = append(f.Env, EnvVar{"HOME", homeDir})
	}
	for _, dd := range m.DataDirs {
		dir := dd.Path
		switch {
		case dir == analyze.HomeDir || strings.HasPrefix(dir, analyze.HomeDir+"/"):
			dir = homeDir + strings.TrimPrefix(dir, analyze.HomeDir)
		case !path.IsAbs(dir):
			f.Workdir = "/app"
			dir = path.Join("/app", dir)
		}
		if !slices.Contains(f.Dirs, dir) {
			f.Dirs = append(f.Dirs, dir)
		}
		f.Notes = append(f.Notes, fmt.Sprintf("Data is written to %s (%s): mount a volume there to keep it:\n  docker run -v %s", dir, dd.Pos, shellQuote(f.Binary+"-data:"+dir)))
		d.reason(topic+": data", "%s created owned by %d: the code writes there by default (%s); mount a volume to keep the data", dir, NonrootUID, dd.Pos)
	}
	if len(f.Dirs) > 0 {
		d.plan.EmptyDir = EmptyDir
	}
}

// shortList joins names with commas, the first n only, then how many more.
func shortList(names []string, n int) string {
	if len(names) <= n {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:n], ", "), len(names)-n)
}
