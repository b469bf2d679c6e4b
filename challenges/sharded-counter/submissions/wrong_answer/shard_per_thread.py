"""Mistake: each thread always increments "its" shard, picked from its thread id instead of
at random. Thread ids are aligned addresses, so every thread lands on the same shard and the
others are never used."""

import threading


class ShardedCounter:
    def __init__(self, store):
        self._store = store
        self._reshard_lock = threading.Lock()
        self._locks = [threading.Lock() for _ in range(store.size())]

    def increment(self, amount=1):
        while True:
            locks = self._locks
            index = threading.get_ident() % len(locks)
            with locks[index]:
                if self._locks is not locks:
                    continue    # resharded while we waited: pick again in the new layout
                store = self._store
                store.set(index, store.get(index) + amount)
                return

    def value(self):
        return sum(self._store.get(index) for index in range(len(self._locks)))

    def reshard(self, shards):
        if type(shards) is not int or shards < 1:
            raise ValueError("a counter needs at least one shard")
        with self._reshard_lock:
            locks = self._locks
            for lock in locks:              # always in index order: no deadlock
                lock.acquire()
            try:
                store = self._store
                total = sum(store.get(index) for index in range(len(locks)))
                store.resize(shards)
                store.set(0, total)
                for index in range(1, shards):
                    store.set(index, 0)
                self._locks = [threading.Lock() for _ in range(shards)]
            finally:
                for lock in locks:
                    lock.release()
