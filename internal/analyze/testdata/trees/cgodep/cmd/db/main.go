package main

import "example.org/csqlite"

func main() { println(csqlite.One()) }
