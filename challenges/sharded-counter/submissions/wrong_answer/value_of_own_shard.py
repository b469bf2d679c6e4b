"""Mistake: each thread increments "its" shard (chosen from its thread id), and value()
reads the calling thread's shard. In a single thread that is the whole count; with many
threads it is one shard's share of it."""

import threading


class ShardedCounter:
    def __init__(self, store):
        self._store = store
        self._lock = threading.Lock()
        self._locks = [threading.Lock() for _ in range(store.size())]

    def _my_shard(self):
        return (threading.get_ident() >> 12) % len(self._locks)

    def increment(self, amount=1):
        with self._lock:
            index = self._my_shard()
            with self._locks[index]:
                self._store.set(index, self._store.get(index) + amount)

    def value(self):
        return self._store.get(self._my_shard())

    def reshard(self, shards):
        if type(shards) is not int or shards < 1:
            raise ValueError("a counter needs at least one shard")
        with self._lock:
            total = sum(self._store.get(i) for i in range(len(self._locks)))
            self._store.resize(shards)
            self._store.set(0, total)
            for i in range(1, shards):
                self._store.set(i, 0)
            self._locks = [threading.Lock() for _ in range(shards)]
