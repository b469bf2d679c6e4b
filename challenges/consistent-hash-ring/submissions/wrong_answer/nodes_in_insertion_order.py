# Mistake: nodes() lists the nodes in the order they were added, not sorted.
"""A consistent-hash ring with virtual nodes and bisect lookup. See statement.md."""

import bisect
import hashlib


def ring_position(text):
    """The ring position of ``text``: the first 8 bytes of its MD5 digest, big-endian."""
    return int.from_bytes(hashlib.md5(text.encode("utf-8")).digest()[:8], "big")


class HashRing:
    def __init__(self, replicas=100):
        if type(replicas) is not int or replicas < 1:
            raise ValueError("replicas must be an int >= 1")
        self._replicas = replicas
        # Sorted (position, node) points; ties on position are broken by the node name.
        self._points = []
        self._nodes = {}

    def add_node(self, node):
        if node in self._nodes:
            raise ValueError("node %r is already on the ring" % (node,))
        self._nodes[node] = None
        for replica in range(self._replicas):
            bisect.insort(self._points, (ring_position("%s#%d" % (node, replica)), node))

    def remove_node(self, node):
        if node not in self._nodes:
            raise KeyError(node)
        del self._nodes[node]
        self._points = [point for point in self._points if point[1] != node]

    def get_node(self, key):
        if not self._points:
            raise LookupError("the ring has no nodes")
        index = bisect.bisect_left(self._points, (ring_position(key), ""))
        if index == len(self._points):
            index = 0
        return self._points[index][1]

    def nodes(self):
        return list(self._nodes)
