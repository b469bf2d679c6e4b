def shortest_path(n, edges, source, target):
    """Return a shortest path from ``source`` to ``target`` as a list of nodes.

    The graph is undirected, with nodes 0 .. n-1 and one [u, v] pair per edge.
    Among several shortest paths return the lexicographically smallest one.
    Return [source] when source == target, and None when target is unreachable.
    """
    raise NotImplementedError("shortest_path is not implemented yet")
