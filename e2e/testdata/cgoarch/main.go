// Command cgoarch is about the smallest cgo program: C code says which
// machine it runs on (uname) and which GOARCH Go was built for. The e2e
// suite builds it for another platform, whose build stage runs under
// emulation, and runs it. It imports runtime alone, so that the emulated
// build compiles little beyond the runtime and runtime/cgo.
package main

/*
#include <stdio.h>
#include <stdlib.h>
#include <sys/utsname.h>

static void report(const char *goarch) {
	struct utsname u;
	if (uname(&u) != 0) {
		perror("uname");
		exit(1);
	}
	printf("cgo: C runs on %s, Go was built for %s\n", u.machine, goarch);
	if (fflush(stdout) != 0) {
		exit(1);
	}
}
*/
import "C"

import "runtime"

func main() {
	C.report(C.CString(runtime.GOARCH))
}
