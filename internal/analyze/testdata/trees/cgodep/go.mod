module example.org/cgodep

go 1.26.0

require example.org/csqlite v0.1.0

replace example.org/csqlite => ./third_party/csqlite
