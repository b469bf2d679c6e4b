# Mistake: off-by-one in the eviction test (>= instead of >) after inserting, so the cache
# never holds more than capacity - 1 entries.
from collections import OrderedDict


class LRUCache:
    def __init__(self, capacity):
        self.capacity = capacity
        self.data = OrderedDict()

    def get(self, key):
        if key not in self.data:
            return -1
        self.data.move_to_end(key)
        return self.data[key]

    def put(self, key, value):
        if key in self.data:
            self.data.move_to_end(key)
        self.data[key] = value
        if len(self.data) >= self.capacity:
            self.data.popitem(last=False)

    def __len__(self):
        return len(self.data)
