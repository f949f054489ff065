package realworld

import (
	"context"
	"fmt"
	"net"
	"os"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/dockgen/dockgen/e2e/harness"
)

// databaseLogRE matches a log line that says the service tries to reach a
// database (or refuses to start without one).
var databaseLogRE = regexp.MustCompile(`(?i)(database|postgres|DATABASE_URL|PGHOST|PGDATABASE|dial tcp [^ ]*:5432|connection refused)`)

// need is what a main needs from outside before it serves: what, how the
// run level says it stops there ("tries postgres", "needs …"), and the
// log that says so.
type need struct {
	what, runs string
	log        *regexp.Regexp
}

// needOf returns what the expectation of m says it needs from outside, nil
// for nothing: a database, or another setup.
func needOf(m Main) (*need, error) {
	if db := m.Database.Value; db != "" {
		return &need{db, "tries " + db, databaseLogRE}, nil
	}
	if m.Setup == nil {
		return nil, nil
	}
	re, err := regexp.Compile(m.Setup.Value.Log)
	if err != nil {
		return nil, fmt.Errorf("setup log of %s: %w", m.Dir, err)
	}
	return &need{m.Setup.Value.Needs, "needs " + m.Setup.Value.Needs, re}, nil
}

// Run is the run level: it starts the primary image Build made, unedited
// and with no arguments, on the host network, and checks that its image
// runs the expected command line, and that its process runs as 65532 and
// answers on every EXPOSEd port on loopback, or, for a repo that needs
// something from outside (a database, a configuration file, a device),
// that its log says it tries to reach it or stops there. It fills row.Runs
// and adds to row.Problems; rows that did not build are left alone.
func Run(ctx context.Context, e *harness.Env, r Repo, ex *harness.Example, base string, row *Row) {
	if !row.Built {
		return
	}
	before := len(row.Problems)
	defer knownGap(r, base, row, before)
	target := row.Target
	m, _ := ex.Main(target)
	want, _ := r.Main(m.Dir)
	serves := len(want.Ports.Value) > 0
	nd, err := needOf(want)
	if err != nil {
		row.Runs = "bad expectation"
		row.Problems = append(row.Problems, err.Error())
		return
	}
	if !serves && nd == nil {
		row.Runs = "-"
		return
	}
	ref := harness.ImageTag(ex, target, base)
	img, _, err := e.Docker.InspectImage(ctx, ref)
	if err != nil {
		row.Runs = "inspect fails"
		row.Problems = append(row.Problems, err.Error())
		return
	}
	if !startsWith(img.Config.Cmd, want.Command.Value) {
		row.Runs = "wrong command"
		row.Problems = append(row.Problems, fmt.Sprintf("%s: CMD %q, want it to start with %q", target, img.Config.Cmd, want.Command.Value))
		return
	}
	ports := exposed(img)
	if nd == nil && len(ports) == 0 {
		row.Runs = "no EXPOSE"
		row.Problems = append(row.Problems, fmt.Sprintf("%s: no EXPOSE, want %v", target, want.Ports.Value))
		return
	}
	for _, p := range ports {
		if c, err := net.DialTimeout("tcp", "127.0.0.1:"+strconv.Itoa(p), 300*time.Millisecond); err == nil {
			c.Close()
			row.Runs = fmt.Sprintf("port %d busy", p)
			row.Problems = append(row.Problems, fmt.Sprintf("port %d is in use on this machine: cannot tell the container's answer apart", p))
			return
		}
	}
	name := "realworld-run-" + r.Name + "-" + base
	e.Docker.Run(ctx, "rm", "-f", name)
	id, err := e.Docker.Run(ctx, "run", "-d", "--network", "host", "--name", name, ref)
	if err != nil {
		row.Runs = "docker run fails"
		row.Problems = append(row.Problems, err.Error())
		return
	}
	defer e.Docker.Run(context.WithoutCancel(ctx), "rm", "-f", id)
	logs := func() string {
		return e.Docker.Logs(context.WithoutCancel(ctx), id)
	}
	if nd != nil {
		row.Runs, row.Problems = waitNeed(ctx, e, id, nd, logs, row.Problems)
		return
	}
	deadline := time.Now().Add(30 * time.Second)
	var answered []string
	for _, p := range ports {
		addr := "127.0.0.1:" + strconv.Itoa(p)
		for {
			c, err := net.DialTimeout("tcp", addr, time.Second)
			if err == nil {
				c.Close()
				answered = append(answered, strconv.Itoa(p))
				break
			}
			if st, ierr := e.Docker.InspectContainer(ctx, id); ierr == nil && !st.Running {
				row.Runs = fmt.Sprintf("exits %d", st.ExitCode)
				row.Problems = append(row.Problems, fmt.Sprintf("%s exited with status %d before answering on %d:\n%s", target, st.ExitCode, p, harness.Tail(logs(), 10)))
				return
			}
			if time.Now().After(deadline) {
				row.Runs = fmt.Sprintf("no answer on %d", p)
				row.Problems = append(row.Problems, fmt.Sprintf("%s does not answer on %s within 30s:\n%s", target, addr, harness.Tail(logs(), 10)))
				return
			}
			time.Sleep(300 * time.Millisecond)
		}
	}
	if uid := processUID(ctx, e, id); uid != "65532" {
		row.Runs = "uid " + uid
		row.Problems = append(row.Problems, fmt.Sprintf("%s runs as uid %s, want 65532", target, uid))
		return
	}
	row.Runs = "answers " + strings.Join(answered, ",")
}

// knownGap moves the run problems (those after before) of a repo whose
// expectations mark a run-level gap on base out of the failures into
// row.Gap. A marked row that now runs is a failure: the mark must go.
func knownGap(r Repo, base string, row *Row, before int) {
	b, ok := r.BlockedAt("run", base)
	if !ok {
		return
	}
	if len(row.Problems) == before {
		row.Problems = append(row.Problems, fmt.Sprintf("the run level is marked as a known gap (%s) but passes now: remove the mark from repos/%s.json", b.Fault, r.Name))
		return
	}
	row.Gap = b.Fault + ": " + strings.Join(row.Problems[before:], "; ")
	row.Problems = row.Problems[:before]
}

// startsWith reports whether an image's CMD starts with the command line
// that makes the main serve (its subcommand).
func startsWith(cmd, want []string) bool {
	return len(cmd) >= len(want) && slices.Equal(cmd[:len(want)], want)
}

// waitNeed waits for the container's log to say it tries to reach what it
// needs (its database) or stops for want of it, or for it to exit without
// saying so.
func waitNeed(ctx context.Context, e *harness.Env, id string, nd *need, logs func() string, problems []string) (string, []string) {
	deadline := time.Now().Add(30 * time.Second)
	for {
		out := logs()
		if nd.log.MatchString(out) {
			return nd.runs, problems
		}
		st, err := e.Docker.InspectContainer(ctx, id)
		if err == nil && !st.Running || time.Now().After(deadline) {
			return "silent", append(problems, fmt.Sprintf("the log does not say it needs %s (/%s/):\n%s", nd.what, nd.log, harness.Tail(out, 10)))
		}
		time.Sleep(500 * time.Millisecond)
	}
}

// exposed returns the TCP ports an image EXPOSEs, sorted.
func exposed(img harness.ImageConfig) []int {
	var out []int
	for spec := range img.Config.ExposedPorts {
		port, proto, _ := strings.Cut(spec, "/")
		if n, err := strconv.Atoi(port); err == nil && (proto == "" || proto == "tcp") {
			out = append(out, n)
		}
	}
	sort.Ints(out)
	return out
}

// processUID reads the real uid of the container's process from the host's
// /proc, or from docker top when the daemon's processes are not visible.
func processUID(ctx context.Context, e *harness.Env, id string) string {
	st, err := e.Docker.InspectContainer(ctx, id)
	if err != nil {
		return "unknown"
	}
	if status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", st.Pid)); err == nil {
		for _, line := range strings.Split(string(status), "\n") {
			if rest, ok := strings.CutPrefix(line, "Uid:"); ok {
				if f := strings.Fields(rest); len(f) > 0 {
					return f[0]
				}
			}
		}
	}
	top, err := e.Docker.Run(ctx, "top", id, "-o", "uid")
	if f := strings.Fields(top); err == nil && len(f) >= 2 {
		return f[1]
	}
	return "unknown"
}
