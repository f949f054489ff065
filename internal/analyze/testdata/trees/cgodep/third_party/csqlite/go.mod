module example.org/csqlite

go 1.22
