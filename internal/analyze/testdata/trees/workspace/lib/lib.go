package lib

import (
	"net/http"
	"os/user"
	"time"
)

// Ready answers readiness probes.
func Ready(w http.ResponseWriter, r *http.Request) {
	u, _ := user.Current()
	loc, _ := time.LoadLocation("UTC")
	_, _ = u, loc
}
