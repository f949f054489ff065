// Command dockgen generates production Dockerfiles for Go modules.
package main

import (
	"os"

	"github.com/dockgen/dockgen/internal/cli"
)

func main() {
	os.Exit(cli.Main())
}
