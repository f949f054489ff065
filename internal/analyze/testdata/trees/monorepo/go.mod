module example.org/mono

go 1.24
