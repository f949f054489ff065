//go:build !cgo

package csqlite

// One returns one.
func One() int { return 1 }
