// Package harness is what the e2e suite stands on: the Docker command line
// (FindDocker, builds with their progress parsed into steps, image and
// container inspection), offline stand-ins for the base images a generated
// Dockerfile names (no registry is reachable), a loopback stand-in for the
// module proxy, and the examples prepared as build contexts (Env.Prepare:
// generated files, a .git and secret-looking decoys that must not reach the
// builder). Lock serialises suites that run at the same time on one daemon.
package harness
