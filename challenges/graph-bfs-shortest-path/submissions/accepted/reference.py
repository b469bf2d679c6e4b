from collections import deque


def shortest_path(n, edges, source, target):
    """BFS over sorted adjacency lists; the first parent found gives the
    lexicographically smallest shortest path. O((n + m) log m) for the sorting."""
    adjacency = [[] for _ in range(n)]
    for u, v in edges:
        adjacency[u].append(v)
        adjacency[v].append(u)
    parent = [-1] * n
    parent[source] = source
    queue = deque([source])
    while queue:
        node = queue.popleft()
        if node == target:
            break
        for neighbour in sorted(adjacency[node]):
            if parent[neighbour] == -1:
                parent[neighbour] = node
                queue.append(neighbour)
    if parent[target] == -1:
        return None
    path = [target]
    while path[-1] != source:
        path.append(parent[path[-1]])
    path.reverse()
    return path
