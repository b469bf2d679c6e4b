"""Consistent hashing: a dict of points, re-sorted lazily after each membership change."""

import bisect
from hashlib import md5


def _position(label):
    return int.from_bytes(md5(label.encode("utf-8")).digest()[:8], "big")


class HashRing:
    def __init__(self, replicas=100):
        if isinstance(replicas, bool) or not isinstance(replicas, int) or replicas <= 0:
            raise ValueError("replicas must be a positive int")
        self.replicas = replicas
        self.owners = {}          # position -> node names at that position
        self.members = set()
        self.sorted_positions = None

    def add_node(self, node):
        if node in self.members:
            raise ValueError("duplicate node %r" % node)
        self.members.add(node)
        for i in range(self.replicas):
            self.owners.setdefault(_position(f"{node}#{i}"), []).append(node)
        self.sorted_positions = None

    def remove_node(self, node):
        self.members.remove(node)
        for i in range(self.replicas):
            position = _position(f"{node}#{i}")
            names = self.owners[position]
            names.remove(node)
            if not names:
                del self.owners[position]
        self.sorted_positions = None

    def get_node(self, key):
        if not self.owners:
            raise LookupError("empty ring")
        if self.sorted_positions is None:
            self.sorted_positions = sorted(self.owners)
        positions = self.sorted_positions
        i = bisect.bisect_left(positions, _position(key)) % len(positions)
        return min(self.owners[positions[i]])

    def nodes(self):
        return sorted(self.members)
