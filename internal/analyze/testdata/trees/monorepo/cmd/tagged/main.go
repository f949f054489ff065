//go:build integration

package main

func main() {}
