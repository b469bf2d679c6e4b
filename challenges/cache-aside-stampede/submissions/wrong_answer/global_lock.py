"""Mistake: one lock held around the whole miss, load included. It does stop the stampede,
but a slow load of one key now blocks every other key, even keys already cached."""

import random
import threading


class StampedeCache:
    def __init__(self, store, clock, ttl, jitter):
        self._store = store
        self._clock = clock
        self._ttl = ttl
        self._jitter = jitter
        self._lock = threading.Lock()
        self._entries = {}

    def get(self, key):
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and self._clock() < entry[1]:
                return entry[0]
            value = self._store.load(key)
            lifetime = self._ttl + random.uniform(0, self._jitter)
            self._entries[key] = (value, self._clock() + lifetime)
            return value

    def write(self, key, value):
        with self._lock:
            self._store.save(key, value)
            self._entries.pop(key, None)
