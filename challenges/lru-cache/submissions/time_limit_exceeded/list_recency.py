# TOO SLOW: correct, but keeps the recency order in a plain list, and list.remove(key)
# scans the list: every hit costs O(capacity), so 200000 operations on a cache of 50000
# entries take billions of steps.


class LRUCache:
    def __init__(self, capacity):
        self.capacity = capacity
        self.data = {}
        self.order = []            # least recently used first

    def get(self, key):
        if key not in self.data:
            return -1
        self.order.remove(key)
        self.order.append(key)
        return self.data[key]

    def put(self, key, value):
        if key in self.data:
            self.order.remove(key)
        elif len(self.data) >= self.capacity:
            if not self.order:
                return
            oldest = self.order.pop(0)
            del self.data[oldest]
        self.data[key] = value
        self.order.append(key)

    def __len__(self):
        return len(self.data)
