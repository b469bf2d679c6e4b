# TOO SLOW: correct, but the queue is a list used with pop(0) (O(n) per pop) and the
# visited nodes are kept in a list, so every "not in visited" test scans it:
# O(n * (n + m)) on a large graph.
def shortest_path(n, edges, source, target):
    adjacency = [[] for _ in range(n)]
    for u, v in edges:
        adjacency[u].append(v)
        adjacency[v].append(u)
    visited = [source]
    parent = {source: None}
    queue = [source]
    while queue:
        node = queue.pop(0)
        if node == target:
            path = []
            while node is not None:
                path.append(node)
                node = parent[node]
            return path[::-1]
        for neighbour in sorted(adjacency[node]):
            if neighbour not in visited:
                visited.append(neighbour)
                parent[neighbour] = node
                queue.append(neighbour)
    return None
