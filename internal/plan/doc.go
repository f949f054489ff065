// Package plan decides what the container build looks like. It is pure:
// Decide takes the analyzer's facts (analyze.Project) and the person's
// choices (flags, wizard answers, saved settings) and returns a Plan, with a
// short human reason for every judgement: builder image and tag, cgo
// strategy, which run-time files the final stage carries, ldflags and tags,
// ports, user, and one final stage per binary.
//
// Every image name and tag lives in the catalogue (catalogue.go), so that a
// new release of dockgen bumps them in one place. Templates only lay out a
// Plan; they make no decisions.
package plan
