// Command relay-api serves the relay's web page and API.
package main

import (
	"embed"
	"flag"
	"io/fs"
	"log"
	"net/http"

	"github.com/dockgen/dockgen/examples/relay/internal/relay"
)

//go:embed assets/*.html assets/ABOUT.md
var assets embed.FS

var version = "dev"

func main() {
	addr := flag.String("addr", ":8081", "listen address")
	flag.Parse()

	static, err := fs.Sub(assets, "assets")
	if err != nil {
		log.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", relay.Health)
	mux.HandleFunc("/version", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(version + "\n"))
	})
	mux.Handle("/", http.FileServerFS(static))
	log.Printf("relay-api %s listening on %s", version, *addr)
	log.Fatal(http.ListenAndServe(*addr, mux))
}
