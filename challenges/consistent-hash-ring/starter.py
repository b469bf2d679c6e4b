"""A consistent-hash ring with virtual nodes. See statement.md."""

import hashlib


def ring_position(text):
    """The ring position of ``text``: the first 8 bytes of its MD5 digest, big-endian."""
    return int.from_bytes(hashlib.md5(text.encode("utf-8")).digest()[:8], "big")


class HashRing:
    def __init__(self, replicas=100):
        self.replicas = replicas

    def add_node(self, node):
        """Put ``replicas`` virtual nodes of ``node`` on the ring."""

    def remove_node(self, node):
        """Take every virtual node of ``node`` off the ring."""

    def get_node(self, key):
        """Return the node that owns ``key``."""
        raise LookupError("the ring has no nodes")

    def nodes(self):
        """Return the names of the nodes on the ring, sorted."""
        return []
