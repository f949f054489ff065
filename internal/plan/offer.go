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
	// Ports are the port questions: the primary binary first, then each
	// other selected binary that serves, with the ports the analysis found
	// (the default answer).
	Ports []PortOffer
}

// PortOffer is one binary whose port the person may choose.
type PortOffer struct {
	Binary   string
	Primary  bool
	Detected []int
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
	auto.Port, auto.Ports = 0, nil
	if ap, err := Decide(p, auto); err == nil {
		o.Ports = portOffers(p, ap)
	}
	return o, nil
}

// portOffers lists the binaries of pl, decided with no port chosen, whose
// port is asked: the primary, and the others that serve.
func portOffers(p *analyze.Project, pl *Plan) []PortOffer {
	primary := pl.Primary()
	out := []PortOffer{{Binary: primary.Binary, Primary: true, Detected: primary.Ports}}
	for _, f := range pl.Finals[:len(pl.Finals)-1] {
		m, _ := FindMain(p.Mains, f.Dir)
		if m.Serves || len(f.Ports) > 0 {
			out = append(out, PortOffer{Binary: f.Binary, Detected: f.Ports})
		}
	}
	return out
}
