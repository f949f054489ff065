package csqlite

/*
#include <string.h>
static int one(void) { return 1; }
*/
import "C"

// One returns one, from C.
func One() int { return int(C.one()) }
