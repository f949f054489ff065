module example.org/ws/lib

go 1.25.0
