module example.org/cgoarch

go 1.26.0
