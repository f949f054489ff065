package analyze

import "strings"

// joinedGraph holds the edges of every package graph scanned so far, with
// nodes numbered, each edge marked with the graph it comes from, so that
// the reach of each main follows the edges of its own closure without
// copying them and without hashing node names along the way: on a
// repository of many mains and subcommands, walking string-keyed maps
// joined again for each main was a third of the analysis. It is used by
// one goroutine: describeMain handles the mains one after the other.
type joinedGraph struct {
	graphs map[*graph]int32
	ids    map[string]int32 // node name → number
	edges  [][]joinedEdge   // by node number
	// declared marks the nodes of declared methods, typed those of
	// methods called through a value of known type (the number plus one
	// of the call in calls, 0 for none), both by node number; own are the
	// packages whose graphs are joined, results the named result types of
	// their functions by "importpath.F".
	declared []bool
	typed    []int32
	calls    []joinedCall
	own      map[string]bool
	results  map[string]typeRef
}

// joinedCall is a method called through a value of known type, with the
// node of every method of that name.
type joinedCall struct {
	typedCall
	byName int32
}

// joinedEdge is an edge to node number to, from graph number g.
type joinedEdge struct{ to, g int32 }

// node returns the number of the node called name, adding it.
func (j *joinedGraph) node(name string) int32 {
	if id, ok := j.ids[name]; ok {
		return id
	}
	id := int32(len(j.edges))
	j.ids[name] = id
	j.edges = append(j.edges, nil)
	j.declared = append(j.declared, false)
	j.typed = append(j.typed, 0)
	return id
}

// add joins g once and returns its number.
func (j *joinedGraph) add(g *graph) int32 {
	if id, ok := j.graphs[g]; ok {
		return id
	}
	if j.graphs == nil {
		j.graphs, j.ids = map[*graph]int32{}, map[string]int32{}
	}
	id := int32(len(j.graphs))
	j.graphs[g] = id
	for from, tos := range g.edges {
		f := j.node(from)
		for _, to := range tos {
			t := j.node(to)
			j.edges[f] = append(j.edges[f], joinedEdge{t, id})
		}
	}
	for _, m := range g.methods {
		n := j.node(m) // before indexing: node may grow the slices
		j.declared[n] = true
	}
	for node, c := range g.typed {
		t, by := j.node(node), j.node("."+c.m)
		j.calls = append(j.calls, joinedCall{c, by})
		j.typed[t] = int32(len(j.calls))
	}
	if j.own == nil {
		j.own, j.results = map[string]bool{}, map[string]typeRef{}
	}
	j.own[g.pkgPath] = true
	for fn, t := range g.results {
		j.results[fn] = t
	}
	g.edges, g.methods, g.typed, g.results = nil, nil, nil, nil // joined: the package's copy is no longer read
	return id
}

// closure joins the graphs of a closure's packages and returns which
// graph numbers belong to it.
func (j *joinedGraph) closure(facts []*pkgFacts) []bool {
	var ids []int32
	for _, f := range facts {
		if f.graph != nil {
			ids = append(ids, j.add(f.graph))
		}
	}
	in := make([]bool, len(j.graphs))
	for _, id := range ids {
		in[id] = true
	}
	return in
}

// method returns the node a method called through a value of known type
// leads to when its type does not declare it (declared methods are reached
// by their own node). The type is another package's function's result
// ("F()"): the method of that result's type, if declared. A type of a
// package outside the graph (the standard library, a dependency): that
// package's code, which calls no own method. Otherwise, an interface or
// a method promoted from an embedded field: every method of that name.
func (j *joinedGraph) method(c joinedCall) (int32, bool) {
	t := c.t
	if fn, ok := strings.CutSuffix(t.name, resultSuffix); ok && j.own[t.pkg] {
		if t = j.results[t.pkg+"."+fn]; t.name == "" {
			return c.byName, true
		}
		id, ok := j.ids[t.pkg+"."+t.name+"."+c.m]
		if ok && j.declared[id] {
			return id, true
		}
	}
	if !j.own[t.pkg] {
		return 0, false
	}
	return c.byName, true
}

// nodeSet is a set of reached nodes.
type nodeSet struct {
	j    *joinedGraph
	seen []bool // by node number
}

// has reports whether the node called name is in s.
func (s nodeSet) has(name string) bool {
	if s.j == nil {
		return false
	}
	id, ok := s.j.ids[name]
	return ok && int(id) < len(s.seen) && s.seen[id]
}

// walk returns the nodes reached from the nodes from along the edges of
// the graphs in, not entering the nodes of entry (the subcommands' code,
// reached only through their command) unless it starts there. A method
// called through a value of known type that the type does not declare
// leads on as method says.
func (j *joinedGraph) walk(from []string, in []bool, entry []string) nodeSet {
	if j.ids == nil {
		j.graphs, j.ids = map[*graph]int32{}, map[string]int32{}
	}
	stack := make([]int32, 0, len(from))
	for _, n := range from {
		stack = append(stack, j.node(n))
	}
	var enter []int32
	for _, n := range entry {
		enter = append(enter, j.node(n))
	}
	seen := make([]bool, len(j.edges))
	isEntry := make([]bool, len(j.edges))
	for _, n := range enter {
		isEntry[n] = true
	}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[n] {
			continue
		}
		seen[n] = true
		if c := j.typed[n]; c != 0 && !j.declared[n] {
			if m, ok := j.method(j.calls[c-1]); ok && !seen[m] && !isEntry[m] {
				stack = append(stack, m)
			}
		}
		for _, e := range j.edges[n] {
			if int(e.g) < len(in) && in[e.g] && !seen[e.to] && !isEntry[e.to] {
				stack = append(stack, e.to)
			}
		}
	}
	return nodeSet{j, seen}
}
