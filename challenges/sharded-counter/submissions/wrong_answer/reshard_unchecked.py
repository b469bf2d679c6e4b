"""Mistake: reshard never checks its argument and installs its new locks before it resizes
the store. reshard(0) leaves the counter with zero locks and the store with zero shards
(the store trusts its caller), then fails with an IndexError writing the total back: the
counts are gone, value() is 0 from then on, and the error is not the ValueError promised."""

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
            with locks[index]:
                if self._locks is not locks:
                    continue    # resharded while we waited: pick again in the new layout
                store = self._store
                store.set(index, store.get(index) + amount)
                return

    def value(self):
        return sum(self._store.get(index) for index in range(len(self._locks)))

    def reshard(self, shards):
        with self._reshard_lock:
            locks = self._locks
            for lock in locks:              # always in index order: no deadlock
                lock.acquire()
            try:
                store = self._store
                total = sum(store.get(index) for index in range(len(locks)))
                self._locks = [threading.Lock() for _ in range(max(shards, 0))]
                store.resize(shards)
                store.set(0, total)
                for index in range(1, shards):
                    store.set(index, 0)
            finally:
                for lock in locks:
                    lock.release()
