// Package relay holds what the relay API and worker share.
package relay

import (
	"net/http"

	"github.com/google/uuid"
)

// RequestID returns the request's X-Request-ID, or a new one.
func RequestID(r *http.Request) string {
	if id := r.Header.Get("X-Request-ID"); id != "" {
		return id
	}
	return uuid.NewString()
}

// Health answers health probes.
func Health(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Request-ID", RequestID(r))
	w.Write([]byte("ok\n"))
}
