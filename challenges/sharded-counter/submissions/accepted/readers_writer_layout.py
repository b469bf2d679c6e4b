"""A second approach: increments share the layout (a readers-writer gate built on a
Condition) and lock one shard each; reshard takes the gate exclusively, so it waits for
the increments in flight and holds new ones back while it moves the counts."""

import random
import threading


class _LayoutGate:
    def __init__(self):
        self._cond = threading.Condition()
        self._readers = 0
        self._writing = False

    def enter_shared(self):
        with self._cond:
            self._cond.wait_for(lambda: not self._writing)
            self._readers += 1

    def leave_shared(self):
        with self._cond:
            self._readers -= 1
            if self._readers == 0:
                self._cond.notify_all()

    def enter_exclusive(self):
        with self._cond:
            self._cond.wait_for(lambda: not self._writing)
            self._writing = True
            self._cond.wait_for(lambda: self._readers == 0)

    def leave_exclusive(self):
        with self._cond:
            self._writing = False
            self._cond.notify_all()


class ShardedCounter:
    def __init__(self, store):
        self._store = store
        self._gate = _LayoutGate()
        self._shard_locks = [threading.Lock() for _ in range(store.size())]

    def increment(self, amount=1):
        self._gate.enter_shared()
        try:
            shard = random.randrange(len(self._shard_locks))
            with self._shard_locks[shard]:
                self._store.set(shard, self._store.get(shard) + amount)
        finally:
            self._gate.leave_shared()

    def value(self):
        self._gate.enter_shared()
        try:
            return sum(self._store.get(shard) for shard in range(len(self._shard_locks)))
        finally:
            self._gate.leave_shared()

    def reshard(self, shards):
        if not isinstance(shards, int) or isinstance(shards, bool) or shards < 1:
            raise ValueError(shards)
        self._gate.enter_exclusive()
        try:
            counts = [self._store.get(shard) for shard in range(len(self._shard_locks))]
            self._store.resize(shards)
            for shard in range(shards):
                self._store.set(shard, 0)
            for position, count in enumerate(counts):
                shard = position % shards
                self._store.set(shard, self._store.get(shard) + count)
            self._shard_locks = [threading.Lock() for _ in range(shards)]
        finally:
            self._gate.leave_exclusive()
