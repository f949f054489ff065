package main

import "example.com/cdep"

func main() { cdep.Alloc() }
