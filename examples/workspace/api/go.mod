module github.com/dockgen/dockgen/examples/workspace/api

go 1.26.0
