# Mistake: returns an empty list instead of None when the target cannot be reached.
from collections import deque


def shortest_path(n, edges, source, target):
    adjacency = [[] for _ in range(n)]
    for u, v in edges:
        adjacency[u].append(v)
        adjacency[v].append(u)
    parent = {source: None}
    queue = deque([source])
    while queue:
        node = queue.popleft()
        if node == target:
            break
        for neighbour in sorted(adjacency[node]):
            if neighbour not in parent:
                parent[neighbour] = node
                queue.append(neighbour)
    path = []
    node = target if target in parent else None
    while node is not None:
        path.append(node)
        node = parent[node]
    return path[::-1]
