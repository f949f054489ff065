package main

import "example.com/cdep/pure"

func main() { pure.X() }
