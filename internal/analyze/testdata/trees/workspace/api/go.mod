module example.org/ws/api

go 1.25.0

require example.org/ws/lib v0.0.0
