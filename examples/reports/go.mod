module github.com/dockgen/dockgen/examples/reports

go 1.26.0
