// Command hello is the smallest service dockgen knows how to ship: a main
// package at the module root, no dependencies, a health route and version
// variables stamped at build time.
package main

import (
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
)

// Set with -ldflags "-X main.version=… -X main.commit=…".
var (
	version = "dev"
	commit  = "none"
)

func main() {
	showVersion := flag.Bool("version", false, "print the version and exit")
	flag.Parse()
	if *showVersion {
		fmt.Printf("hello %s (%s)\n", version, commit)
		return
	}

	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "hello from %s (%s), uid %d\n", version, commit, os.Getuid())
	})
	log.Printf("hello %s listening on :%s", version, port)
	log.Fatal(http.ListenAndServe(":"+port, mux))
}
