package cdep

// #include <stdlib.h>
import "C"

import "example.com/cdep/pure"

// Alloc allocates.
func Alloc() { C.free(C.malloc(1)); pure.X() }
