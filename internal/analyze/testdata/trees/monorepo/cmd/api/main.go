package main

import "example.org/mono/internal/store"

func main() { store.Open() }
