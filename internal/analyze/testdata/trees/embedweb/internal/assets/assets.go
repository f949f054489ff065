package assets

import "embed"

// SQL holds the migrations.
//
//go:embed sql/*.sql
var SQL embed.FS
