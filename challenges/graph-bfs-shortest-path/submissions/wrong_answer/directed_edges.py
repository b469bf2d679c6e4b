# Mistake: treats the edge list as directed (only u -> v), so a path that needs an edge
# "backwards" is not found or is longer than it should be.
from collections import deque


def shortest_path(n, edges, source, target):
    adjacency = [[] for _ in range(n)]
    for u, v in edges:
        adjacency[u].append(v)
    parent = {source: None}
    queue = deque([source])
    while queue:
        node = queue.popleft()
        if node == target:
            path = []
            while node is not None:
                path.append(node)
                node = parent[node]
            return path[::-1]
        for neighbour in sorted(adjacency[node]):
            if neighbour not in parent:
                parent[neighbour] = node
                queue.append(neighbour)
    return None
