package harness

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"time"
)

// Docker runs the docker command line against the local daemon, always with
// BuildKit, always on the host network (only loopback is ever contacted).
type Docker struct {
	// Bin is the docker client.
	Bin string
}

// FindDocker picks the docker client: $DOCKGEN_E2E_DOCKER, then Debian's
// /usr/bin/docker (the docker.io package that .ci/docker-setup installs),
// then docker on PATH.
func FindDocker() (*Docker, error) {
	if p := os.Getenv("DOCKGEN_E2E_DOCKER"); p != "" {
		return &Docker{Bin: p}, nil
	}
	if _, err := os.Stat("/usr/bin/docker"); err == nil {
		return &Docker{Bin: "/usr/bin/docker"}, nil
	}
	p, err := exec.LookPath("docker")
	if err != nil {
		return nil, errors.New("no docker client: install docker.io (see .ci/docker-setup) or set DOCKGEN_E2E_DOCKER")
	}
	return &Docker{Bin: p}, nil
}

func (d *Docker) command(ctx context.Context, args ...string) *exec.Cmd {
	c := exec.CommandContext(ctx, d.Bin, args...)
	c.Env = append(os.Environ(), "DOCKER_BUILDKIT=1")
	c.WaitDelay = 5 * time.Second
	return c
}

// Run runs docker with args and returns its standard output, trimmed. A
// failure carries the command and its standard error.
func (d *Docker) Run(ctx context.Context, args ...string) (string, error) {
	return d.RunInput(ctx, nil, args...)
}

// RunInput is Run with stdin.
func (d *Docker) RunInput(ctx context.Context, stdin io.Reader, args ...string) (string, error) {
	c := d.command(ctx, args...)
	c.Stdin = stdin
	var stdout, stderr bytes.Buffer
	c.Stdout, c.Stderr = &stdout, &stderr
	if err := c.Run(); err != nil {
		return stdout.String(), fmt.Errorf("docker %s: %w\n%s", strings.Join(args, " "), err, tail(stderr.String(), 40))
	}
	return strings.TrimSpace(stdout.String()), nil
}

// Logs returns a container's log: what it wrote to standard output and to
// standard error, interleaved as docker logs replays them (Run would keep
// its standard output only, and most services log to standard error).
func (d *Docker) Logs(ctx context.Context, id string) string {
	c := d.command(ctx, "logs", id)
	var out bytes.Buffer
	c.Stdout, c.Stderr = &out, &out
	_ = c.Run() // a failure is in out too
	return out.String()
}

// Ping reports whether a daemon answers, within 20 seconds.
func (d *Docker) Ping(ctx context.Context) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	c := d.command(ctx, "version", "--format", "client {{.Client.Version}}, daemon {{.Server.Version}}")
	var stdout, stderr bytes.Buffer
	c.Stdout, c.Stderr = &stdout, &stderr
	if err := c.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return "", fmt.Errorf("%s version: %s", d.Bin, msg)
	}
	return strings.TrimSpace(stdout.String()), nil
}

// BuildOptions are the arguments of one docker build.
type BuildOptions struct {
	Dockerfile string   // -f
	Context    string   // the build context directory
	Target     string   // --target, optional
	Tag        string   // -t, optional
	Args       []string // --build-arg KEY=VALUE
	Output     string   // -o, optional (type=local,dest=DIR)
	Platform   string   // --platform, optional (linux/arm64)
	NoCache    bool     // --no-cache: run every step (cache mounts keep their contents)
	Stdin      io.Reader
}

// Build runs docker build with plain progress and returns the whole progress
// output (BuildKit writes it to stderr) whether or not the build succeeded.
func (d *Docker) Build(ctx context.Context, o BuildOptions) (string, error) {
	args := []string{"build", "--network", "host", "--progress", "plain"}
	if o.Dockerfile != "" {
		args = append(args, "-f", o.Dockerfile)
	}
	if o.Target != "" {
		args = append(args, "--target", o.Target)
	}
	if o.Tag != "" {
		args = append(args, "-t", o.Tag)
	}
	for _, a := range o.Args {
		args = append(args, "--build-arg", a)
	}
	if o.Output != "" {
		args = append(args, "-o", o.Output)
	}
	if o.Platform != "" {
		args = append(args, "--platform", o.Platform)
	}
	if o.NoCache {
		args = append(args, "--no-cache")
	}
	args = append(args, o.Context)
	c := d.command(ctx, args...)
	c.Stdin = o.Stdin
	var out bytes.Buffer
	c.Stdout, c.Stderr = &out, &out
	err := c.Run()
	if err != nil {
		err = fmt.Errorf("docker %s: %w", strings.Join(args, " "), err)
	}
	return out.String(), err
}

// ImageConfig is the part of docker image inspect the suite reads.
type ImageConfig struct {
	ID     string `json:"Id"`
	Size   int64  `json:"Size"`
	Config struct {
		User       string            `json:"User"`
		Entrypoint []string          `json:"Entrypoint"`
		Cmd        []string          `json:"Cmd"`
		Env        []string          `json:"Env"`
		WorkingDir string            `json:"WorkingDir"`
		Labels     map[string]string `json:"Labels"`
		// ExposedPorts are "8080/tcp" keys.
		ExposedPorts map[string]struct{} `json:"ExposedPorts"`
		Healthcheck  *struct {
			Test []string `json:"Test"`
		} `json:"Healthcheck"`
	} `json:"Config"`
}

// InspectImage returns an image's size and configuration; ok is false when
// the image does not exist.
func (d *Docker) InspectImage(ctx context.Context, ref string) (img ImageConfig, ok bool, err error) {
	out, err := d.Run(ctx, "image", "inspect", "--format", "{{json .}}", ref)
	if err != nil {
		if strings.Contains(err.Error(), "No such image") || strings.Contains(err.Error(), "No such object") {
			return img, false, nil
		}
		return img, false, err
	}
	if err := json.Unmarshal([]byte(out), &img); err != nil {
		return img, false, fmt.Errorf("docker image inspect %s: %w", ref, err)
	}
	return img, true, nil
}

// ContainerState is the part of docker inspect of a container the suite reads.
type ContainerState struct {
	Running  bool `json:"Running"`
	Pid      int  `json:"Pid"`
	ExitCode int  `json:"ExitCode"`
	// Health is the daemon's record of the HEALTHCHECK, nil without one.
	Health *struct {
		Status string `json:"Status"` // "starting", "healthy", "unhealthy"
		Log    []struct {
			ExitCode int    `json:"ExitCode"`
			Output   string `json:"Output"`
		} `json:"Log"`
	} `json:"Health"`
}

// InspectContainer returns a container's state.
func (d *Docker) InspectContainer(ctx context.Context, id string) (ContainerState, error) {
	var s ContainerState
	out, err := d.Run(ctx, "container", "inspect", "--format", "{{json .State}}", id)
	if err != nil {
		return s, err
	}
	err = json.Unmarshal([]byte(out), &s)
	return s, err
}

// CopyOut copies path out of an image (without running it) to dest.
func (d *Docker) CopyOut(ctx context.Context, image, path, dest string) error {
	id, err := d.Run(ctx, "create", image)
	if err != nil {
		return err
	}
	defer d.Run(context.WithoutCancel(ctx), "rm", "-f", id)
	_, err = d.Run(ctx, "cp", id+":"+path, dest)
	return err
}

// Step is one vertex of BuildKit's plain progress output.
type Step struct {
	ID     string // "#8"
	Name   string // "[build 3/5] RUN --mount=… go mod download"
	Cached bool
	Done   bool
	Error  string
}

// ParseProgress reads BuildKit's plain progress output into its steps, in
// the order they first appear.
func ParseProgress(out string) []Step {
	var steps []*Step
	byID := map[string]*Step{}
	for _, line := range strings.Split(out, "\n") {
		if !strings.HasPrefix(line, "#") {
			continue
		}
		id, rest, _ := strings.Cut(line, " ")
		if id == "#" || strings.TrimLeft(id[1:], "0123456789") != "" {
			continue
		}
		s, seen := byID[id]
		if !seen {
			s = &Step{ID: id, Name: rest}
			byID[id] = s
			steps = append(steps, s)
			continue
		}
		switch {
		case rest == "CACHED":
			s.Cached = true
		case strings.HasPrefix(rest, "DONE"):
			s.Done = true
		case strings.HasPrefix(rest, "ERROR"):
			s.Error = rest
		}
	}
	res := make([]Step, len(steps))
	for i, s := range steps {
		res[i] = *s
	}
	return res
}

// FindStep returns the first step whose name contains every one of words.
func FindStep(steps []Step, words ...string) (Step, bool) {
next:
	for _, s := range steps {
		for _, w := range words {
			if !strings.Contains(s.Name, w) {
				continue next
			}
		}
		return s, true
	}
	return Step{}, false
}

// tail returns the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = append([]string{fmt.Sprintf("… (%d lines before)", len(lines)-n)}, lines[len(lines)-n:]...)
	}
	return strings.Join(lines, "\n")
}

// Tail returns the last n lines of s, for failure messages.
func Tail(s string, n int) string { return tail(s, n) }
