package main

import (
	"net/http"

	"example.org/ws/lib"
)

func main() {
	http.HandleFunc("/readyz", lib.Ready)
	http.ListenAndServe(":7000", nil)
}
