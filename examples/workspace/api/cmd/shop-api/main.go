// Command shop-api serves the catalog of the workspace's lib module: the
// build context must hold both modules and go.work.
package main

import (
	"encoding/json"
	"log"
	"net/http"

	"github.com/dockgen/dockgen/examples/workspace/lib/catalog"
)

func main() {
	http.HandleFunc("/livez", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("ok\n"))
	})
	http.HandleFunc("/items", func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode(catalog.Items())
	})
	log.Fatal(http.ListenAndServe(":8090", nil))
}
