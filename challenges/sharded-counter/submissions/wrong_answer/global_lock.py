"""Mistake: one lock around every increment. The totals are right, but increments on
different shards can never run at the same time: the shards buy nothing."""

import random
import threading


class ShardedCounter:
    def __init__(self, store):
        self._store = store
        self._reshard_lock = threading.Lock()
        self._locks = [threading.Lock() for _ in range(store.size())]

    def increment(self, amount=1):
        while True:
            locks = self._locks
            index = random.randrange(len(locks))
            with self._reshard_lock:
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
