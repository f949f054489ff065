package pure

import "net/http"

// X fetches.
func X() { http.Get("https://example.com") }
