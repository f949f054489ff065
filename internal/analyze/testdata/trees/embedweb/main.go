package main

import (
	"embed"
	"net/http"

	"example.org/embedweb/v2/internal/assets"
)

//go:embed static templates/*.html
var content embed.FS

//go:embed all:public
var public embed.FS

//go:embed README.md
var readme string

func main() {
	_ = assets.SQL
	http.Handle("/", http.FileServer(http.FS(content)))
	http.ListenAndServe(":8080", nil)
}
