module github.com/dockgen/dockgen/examples/workspace/lib

go 1.26.0

require github.com/google/uuid v1.6.0
