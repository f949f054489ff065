package analyze

import (
	"slices"
	"testing"
)

// A method called through a value whose type the code declares reaches
// that type's method only: every case of litefs's switch calls c.Run(),
// and only mount's c is a MountCommand, whose Run serves. Where the type
// declares no such method (an interface, a promoted method), the call
// still reaches every method of that name; the method of a standard
// library or dependency value is that package's, which calls no own code.
func TestMethodsByReceiverType(t *testing.T) {
	server := "package server\n\nimport \"net/http\"\n\n// Start serves.\nfunc Start() error { return http.ListenAndServe(\":8080\", nil) }\n\n// Ping is a client call.\nfunc Ping() {}\n"
	commands := `type RunCommand struct{}

func NewRunCommand() *RunCommand { return &RunCommand{} }

func (c *RunCommand) Run() error { server.Ping(); return nil }

type MountCommand struct{}

func NewMountCommand() (*MountCommand, error) { return &MountCommand{}, nil }

func (c *MountCommand) Run() error { return c.serve() }

func (c *MountCommand) serve() error { return server.Start() }

type ExportCommand struct{}

func (c ExportCommand) Run() error { return nil }
`
	tests := []struct {
		name  string
		body  string
		want  []string
		serve bool
	}{
		{"each case's own type", `func run(args []string) error {
	var cmd string
	if len(args) > 0 {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "export":
		var c ExportCommand
		return c.Run()
	case "mount":
		return runMount()
	case "run":
		c := NewRunCommand()
		return c.Run()
	case "start":
		c := &ExportCommand{}
		return c.Run()
	}
	return nil
}

func runMount() error {
	c, err := NewMountCommand()
	if err != nil {
		return err
	}
	return c.Run()
}

func main() { run(os.Args[1:]) }`, []string{"mount"}, true},
		{"a name declared again in an inner block", `func main() {
	c, _ := NewMountCommand()
	if len(os.Args) > 1 {
		c := NewRunCommand()
		c.Run()
		return
	}
	_ = c
}`, nil, false},
		{"an interface value reaches every method of the name", `type runner interface{ Run() error }

func main() {
	var r runner = NewRunCommand()
	if len(os.Args) > 1 {
		r, _ = NewMountCommand()
	}
	r.Run()
}`, nil, true},
		{"a promoted method reaches every method of the name", `type wrapped struct{ *MountCommand }

func main() {
	w := wrapped{}
	w.Run()
}`, nil, true},
		{"another package's function result and a standard library value", `func main() {
	switch os.Args[1] {
	case "run":
		c := client.New()
		c.Run()
		cmd := exec.Command("true")
		cmd.Run()
		var e exec.Cmd
		e.Run()
	case "mount":
		c, _ := NewMountCommand()
		c.Run()
	}
}`, []string{"mount"}, true},
		{"another package's function whose result is an interface", `func main() {
	r := client.Any()
	r.Run()
}`, nil, true},
	}
	clientPkg := "package client\n\n// Client talks to a server.\ntype Client struct{}\n\n// New returns a client.\nfunc New() *Client { return &Client{} }\n\n// Run asks.\nfunc (*Client) Run() error { return nil }\n\n// Runner runs.\ntype Runner interface{ Run() error }\n\n// Any returns a runner.\nfunc Any() Runner { return New() }\n"
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := onlyMain(t, tree("server/server.go", server, "client/client.go", clientPkg, "main.go", mainImporting(`"os"
"os/exec"
"example.org/app/client"
"example.org/app/server"`, commands+tt.body+"\n\nvar _ = exec.Command\nvar _ = client.New\n")))
			if !slices.Equal(m.Command, tt.want) && !(len(m.Command) == 0 && len(tt.want) == 0) {
				t.Errorf("command = %q, want %q (evidence %v)", m.Command, tt.want, m.Evidence)
			}
			if m.Serves != tt.serve {
				t.Errorf("serves = %v, want %v", m.Serves, tt.serve)
			}
		})
	}
}
