# Alternative: BFS from the target first to get every node's distance to it, then walk
# from the source, always stepping to the smallest neighbour that is one step closer.
from collections import deque


def shortest_path(n, edges, source, target):
    adjacency = [[] for _ in range(n)]
    for u, v in edges:
        adjacency[u].append(v)
        adjacency[v].append(u)
    dist = [-1] * n
    dist[target] = 0
    queue = deque([target])
    while queue:
        node = queue.popleft()
        if node == source:
            break
        for neighbour in adjacency[node]:
            if dist[neighbour] == -1:
                dist[neighbour] = dist[node] + 1
                queue.append(neighbour)
    if dist[source] == -1:
        return None
    path = [source]
    node = source
    while node != target:
        node = min(v for v in adjacency[node] if dist[v] == dist[node] - 1 and dist[v] != -1)
        path.append(node)
    return path
