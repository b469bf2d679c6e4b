# Mistake: modulo hashing (MD5 of the key modulo the number of nodes) instead of a ring:
# it is stable across processes, but adding or removing a node moves most keys.
import hashlib


class HashRing:
    def __init__(self, replicas=100):
        if type(replicas) is not int or replicas < 1:
            raise ValueError("replicas must be an int >= 1")
        self._nodes = []

    def add_node(self, node):
        if node in self._nodes:
            raise ValueError(node)
        self._nodes.append(node)
        self._nodes.sort()

    def remove_node(self, node):
        if node not in self._nodes:
            raise KeyError(node)
        self._nodes.remove(node)

    def get_node(self, key):
        if not self._nodes:
            raise LookupError("empty ring")
        digest = int.from_bytes(hashlib.md5(key.encode("utf-8")).digest()[:8], "big")
        return self._nodes[digest % len(self._nodes)]

    def nodes(self):
        return list(self._nodes)
