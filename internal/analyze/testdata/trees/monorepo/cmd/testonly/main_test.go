package main

import "testing"

func TestY(t *testing.T) {}
