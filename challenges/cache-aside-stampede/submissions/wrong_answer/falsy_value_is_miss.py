# Mistake: tests the cached value for truth instead of the entry for presence, so a cached
# None, 0, "" or [] counts as a miss and is loaded from the store on every get.
"""Cache-aside with invalidation on write, one loader per key, and a jittered TTL."""

import random
import threading
from concurrent.futures import Future


class StampedeCache:
    def __init__(self, store, clock, ttl, jitter):
        self._store = store
        self._clock = clock
        self._ttl = ttl
        self._jitter = jitter
        self._lock = threading.Lock()      # guards the dicts only, never held during a load
        self._entries = {}                 # key -> (value, expires_at)
        self._loading = {}                 # key -> Future of the load in progress
        self._writes = {}                  # key -> number of writes so far

    def get(self, key):
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and entry[0] and self._clock() < entry[1]:
                return entry[0]
            future = self._loading.get(key)
            owner = future is None
            if owner:
                future = Future()
                self._loading[key] = future
                writes = self._writes.get(key, 0)
        if not owner:
            return future.result()
        try:
            value = self._store.load(key)
        except BaseException as error:
            with self._lock:
                if self._loading.get(key) is future:
                    del self._loading[key]
            future.set_exception(error)
            raise
        with self._lock:
            if self._loading.get(key) is future:
                del self._loading[key]
            # A write that landed while we loaded makes this value stale: hand it to the
            # callers who asked before the write, but never cache it.
            if self._writes.get(key, 0) == writes:
                lifetime = self._ttl + random.uniform(0, self._jitter)
                self._entries[key] = (value, self._clock() + lifetime)
        future.set_result(value)
        return value

    def write(self, key, value):
        self._store.save(key, value)
        with self._lock:
            self._writes[key] = self._writes.get(key, 0) + 1
            self._entries.pop(key, None)
            self._loading.pop(key, None)
