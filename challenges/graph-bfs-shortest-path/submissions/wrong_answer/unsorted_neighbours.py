# Mistake: ignores the tie rule: explores neighbours in the order the edges were given
# instead of in increasing order, so it returns *a* shortest path but not always the
# lexicographically smallest one.
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
            path = []
            while node is not None:
                path.append(node)
                node = parent[node]
            return path[::-1]
        for neighbour in adjacency[node]:
            if neighbour not in parent:
                parent[neighbour] = node
                queue.append(neighbour)
    return None
