module github.com/dockgen/dockgen/examples/hello

go 1.25.0

toolchain go1.26.0
