# Mistake: marks a node visited only when it is dequeued, and keeps overwriting its
# parent every time a neighbour sees it before that. A node can then get a parent from
# its own BFS level, and the path it reports is longer than the shortest one.
from collections import deque


def shortest_path(n, edges, source, target):
    adjacency = [[] for _ in range(n)]
    for u, v in edges:
        adjacency[u].append(v)
        adjacency[v].append(u)
    visited = set()
    parent = {source: None}
    queue = deque([source])
    while queue:
        node = queue.popleft()
        if node in visited:
            continue
        visited.add(node)
        if node == target:
            path = []
            while node is not None:
                path.append(node)
                node = parent[node]
            return path[::-1]
        for neighbour in sorted(adjacency[node]):
            if neighbour not in visited:
                parent[neighbour] = node
                queue.append(neighbour)
    return None
