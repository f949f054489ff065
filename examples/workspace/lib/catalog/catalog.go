// Package catalog is a library module of the workspace: the shop API uses
// it through go.work, without a published version.
package catalog

import "github.com/google/uuid"

// Item is one thing for sale.
type Item struct {
	ID   string
	Name string
}

// Items returns the catalog.
func Items() []Item {
	return []Item{{ID: uuid.NewSHA1(uuid.NameSpaceURL, []byte("teapot")).String(), Name: "teapot"}}
}
