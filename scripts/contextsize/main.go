// Command contextsize prints, for every example (each directory under
// examples/ with a go.mod or go.work), the build context that reaches
// Docker with dockgen's deny-list .dockerignore (--context deny, the style
// before the allow list) and with its allow list (--context allow, the
// default): files and bytes, and how many of the planted secret files reach
// the builder. Each example is copied with the end-to-end suite's planted
// .git, .env, *.pem and secrets with names no list knows (secrets.yaml,
// service-account.json, prod.conf, backup.sql, at the top, in deploy/ and in
// every main package's directory), and the context is seen from Docker's
// side: a FROM scratch + COPY . build, exported and listed.
//
// It needs a Docker daemon (.ci/docker-setup starts one).
//
//	go run ./scripts/contextsize
package main

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/dockgen/dockgen/e2e/harness"
)

func main() { os.Exit(run()) }

func run() int {
	logf := func(format string, args ...any) { fmt.Fprintf(os.Stderr, "contextsize: "+format+"\n", args...) }
	ctx := context.Background()
	env, err := harness.OpenEnv(ctx, logf)
	if err != nil {
		logf("%v", err)
		return 1
	}
	defer env.Close()

	styles := []string{"deny", "allow"}
	fmt.Println("| example | deny: files | deny: bytes | deny: secrets in | allow: files | allow: bytes | allow: secrets in |")
	fmt.Println("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
	for _, ex := range env.Examples {
		row := []string{ex.Name}
		for _, style := range styles {
			dir, err := os.MkdirTemp(env.Work, ex.Name+"-"+style+"-")
			if err != nil {
				logf("%v", err)
				return 1
			}
			p, err := env.Prepare(ctx, ex, "distroless", dir, "--context", style)
			if err != nil {
				logf("%v", err)
				return 1
			}
			entries, log, err := env.ProbeContextEntries(ctx, p)
			if err != nil {
				logf("probe of %s (%s): %v\n%s", ex.Name, style, err, harness.Tail(log, 20))
				return 1
			}
			files, bytes := harness.ContextSize(entries)
			secrets := 0
			for _, en := range entries {
				if !en.Dir && harness.IsForbidden(en.Path) {
					secrets++
				}
			}
			row = append(row, fmt.Sprint(files), fmt.Sprint(bytes), fmt.Sprintf("%d of %d", secrets, len(p.Planted)))
		}
		fmt.Println("| " + strings.Join(row, " | ") + " |")
	}
	return 0
}
