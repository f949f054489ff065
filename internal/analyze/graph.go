package analyze

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
	g.edges = nil // joined: the package's copy is no longer read
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
// reached only through their command) unless it starts there.
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
		for _, e := range j.edges[n] {
			if int(e.g) < len(in) && in[e.g] && !seen[e.to] && !isEntry[e.to] {
				stack = append(stack, e.to)
			}
		}
	}
	return nodeSet{j, seen}
}
