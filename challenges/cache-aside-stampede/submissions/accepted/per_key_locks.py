"""A second approach: a lock per key (double-checked after taking it), so only one thread
per key reaches the store and the others find the fresh entry when they get the lock."""

import random
import threading


class StampedeCache:
    def __init__(self, store, clock, ttl, jitter):
        self._store = store
        self._clock = clock
        self._ttl = ttl
        self._jitter = jitter
        self._guard = threading.Lock()
        self._key_locks = {}
        self._cache = {}
        self._generation = {}
        self._failed = {}                  # key -> loads of it that raised
        self._failed_error = {}            # key -> the last of those errors

    def _fresh(self, key):
        hit = self._cache.get(key)
        if hit is not None and self._clock() < hit[1]:
            return hit
        return None

    def get(self, key):
        with self._guard:
            hit = self._fresh(key)
            if hit is not None:
                return hit[0]
            key_lock = self._key_locks.setdefault(key, threading.Lock())
            generation = self._generation.get(key, 0)
            failures = self._failed.get(key, 0)
        with key_lock:
            with self._guard:
                hit = self._fresh(key)
                if hit is not None:
                    return hit[0]
                if self._failed.get(key, 0) != failures:
                    # The load we queued behind failed: share its failure, do not retry.
                    raise self._failed_error[key]
            try:
                value = self._store.load(key)
            except Exception as error:
                with self._guard:
                    self._failed[key] = self._failed.get(key, 0) + 1
                    self._failed_error[key] = error
                raise
            with self._guard:
                if self._generation.get(key, 0) == generation:
                    expires = self._clock() + self._ttl + self._jitter * random.random()
                    self._cache[key] = (value, expires)
            return value

    def write(self, key, value):
        self._store.save(key, value)
        with self._guard:
            self._generation[key] = self._generation.get(key, 0) + 1
            self._cache.pop(key, None)
