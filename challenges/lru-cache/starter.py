"""An LRU (least recently used) cache with O(1) get and put. See statement.md."""


class LRUCache:
    def __init__(self, capacity):
        self.capacity = capacity

    def get(self, key):
        """Return the value cached for ``key`` (and mark it as recently used), or -1."""
        return -1

    def put(self, key, value):
        """Cache ``value`` under ``key``, evicting the least recently used entry if full."""
        # TODO

    def __len__(self):
        """Return the number of entries currently cached."""
        return 0
