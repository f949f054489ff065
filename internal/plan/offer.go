package plan

import "github.com/dockgen/dockgen/internal/analyze"

// Offers are what a person can choose from for the questions dockgen init
// asks, with their defaults, decided from the choices made so far.
type Offers struct {
	// Plan is the plan of the choices so far: its primary is the default
	// primary binary.
	Plan *Plan
	// Bases are the bases the project can be built on, in the order of
	// Bases, each with its plan; a base the plan cannot build the project
	// on (none yet) is left out.
	Bases []BaseOffer
	// Cgo reports whether the build uses cgo on the bases offered; the
	// offers then say how each base runs a cgo binary.
	Cgo bool
	// Ports are the ports the primary binary listens on, as the analysis
	// found them: the default of the port question.
	Ports []int
}

// BaseOffer is one base and the plan the choices so far make with it.
type BaseOffer struct {
	Info BaseInfo
	Plan *Plan
}

// Offer decides the offers for c. Errors are Decide's, for choices that
// contradict each other.
func Offer(p *analyze.Project, c Choices) (*Offers, error) {
	pl, err := Decide(p, c)
	if err != nil {
		return nil, err
	}
	o := &Offers{Plan: pl}
	for _, b := range Bases {
		cb := c
		cb.Base = b.Base
		bp, err := Decide(p, cb)
		if err != nil {
			continue // the plan cannot build this base for the project
		}
		o.Cgo = o.Cgo || bp.Cgo
		o.Bases = append(o.Bases, BaseOffer{Info: b, Plan: bp})
	}
	auto := c
	auto.Port = 0
	if ap, err := Decide(p, auto); err == nil {
		o.Ports = ap.Primary().Ports
	}
	return o, nil
}
