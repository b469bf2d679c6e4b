# Mistake: depth-first search. It finds *a* path (the first one in neighbour order),
# not a shortest one.
def shortest_path(n, edges, source, target):
    adjacency = [[] for _ in range(n)]
    for u, v in edges:
        adjacency[u].append(v)
        adjacency[v].append(u)
    parent = {source: None}
    stack = [source]
    while stack:
        node = stack.pop()
        if node == target:
            path = []
            while node is not None:
                path.append(node)
                node = parent[node]
            return path[::-1]
        for neighbour in sorted(adjacency[node], reverse=True):
            if neighbour not in parent:
                parent[neighbour] = node
                stack.append(neighbour)
    return None
