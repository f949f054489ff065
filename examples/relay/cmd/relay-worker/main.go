// Command relay-worker forwards queued messages to an upstream HTTPS
// endpoint and reports its readiness.
package main

import (
	"log"
	"net/http"
	"os"
	"time"

	"github.com/dockgen/dockgen/examples/relay/internal/relay"
)

var (
	version = "dev"
	commit  = "none"
)

func main() {
	upstream := os.Getenv("RELAY_UPSTREAM") // e.g. https://hooks.example.com/in
	client := &http.Client{Timeout: 10 * time.Second}
	go func() {
		for range time.Tick(30 * time.Second) {
			if upstream == "" {
				continue
			}
			resp, err := client.Post(upstream, "application/json", nil)
			if err != nil {
				log.Printf("forward: %v", err)
				continue
			}
			resp.Body.Close()
		}
	}()

	mux := http.NewServeMux()
	mux.HandleFunc("/readyz", relay.Health)
	srv := &http.Server{Addr: ":9090", Handler: mux}
	log.Printf("relay-worker %s (%s) ready on %s", version, commit, srv.Addr)
	log.Fatal(srv.ListenAndServe())
}
