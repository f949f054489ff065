module example.org/embedweb/v2

go 1.26.0
