# Mistake: only checks for the target when a neighbour is discovered, so when
# source == target it never "finds" it and returns None instead of [source].
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
        for neighbour in sorted(adjacency[node]):
            if neighbour in parent:
                continue
            parent[neighbour] = node
            if neighbour == target:
                path = []
                while neighbour is not None:
                    path.append(neighbour)
                    neighbour = parent[neighbour]
                return path[::-1]
            queue.append(neighbour)
    return None
