"""Cache-aside in front of a slow store: invalidation, one loader per key, TTL with jitter.
See statement.md."""

import random
import threading


class StampedeCache:
    def __init__(self, store, clock, ttl, jitter):
        self._store = store      # store.load(key) -> value (slow), store.save(key, value)
        self._clock = clock      # clock() -> the current time in seconds (a fake clock)
        self._ttl = ttl
        self._jitter = jitter
        self._entries = {}       # key -> (value, expires_at)

    def get(self, key):
        """Return the cached value of ``key``, loading it from the store on a miss."""
        entry = self._entries.get(key)
        if entry is not None and self._clock() < entry[1]:
            return entry[0]
        # TODO: one load per key however many threads miss at once; jitter the expiry.
        value = self._store.load(key)
        self._entries[key] = (value, self._clock() + self._ttl)
        return value

    def write(self, key, value):
        """Save ``value`` to the store; the next ``get`` must see it."""
        # TODO
        self._store.save(key, value)
