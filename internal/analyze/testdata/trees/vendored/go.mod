module example.org/vendored

go 1.22

require example.com/cdep v1.0.0
