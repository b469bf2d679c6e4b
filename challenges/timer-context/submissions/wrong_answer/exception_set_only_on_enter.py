"""Mistake: suppress sets its `exception` attribute only in __enter__, so a suppress object
that has not been used yet has no `exception` at all (reading it raises AttributeError),
though the interface promises a context manager with an `exception` attribute."""

import time


class Timer:
    """A reentrant timer: nested ``with`` blocks on one instance measure the outermost span."""

    def __init__(self, clock=time.perf_counter):
        self._clock = clock
        self._depth = 0
        self._start = None
        self._last_lap = None
        self._total = 0.0
        self._laps = []

    def __enter__(self):
        if self._depth == 0:
            self._start = self._clock()
            self._last_lap = self._start
        self._depth += 1
        return self

    def __exit__(self, exc_type, exc, tb):
        self._depth -= 1
        if self._depth == 0:
            self._total += self._clock() - self._start
            self._start = None
            self._last_lap = None
        return False

    @property
    def running(self):
        return self._depth > 0

    @property
    def elapsed(self):
        if self._depth > 0:
            return self._total + (self._clock() - self._start)
        return self._total

    def lap(self):
        if self._depth == 0:
            raise RuntimeError("lap() needs a running timer")
        now = self._clock()
        duration = now - self._last_lap
        self._last_lap = now
        self._laps.append(duration)
        return duration

    @property
    def laps(self):
        return list(self._laps)

    def reset(self):
        if self._depth > 0:
            raise RuntimeError("cannot reset a running timer")
        self._total = 0.0
        self._laps = []


class suppress:
    """Like contextlib.suppress, and remembers the exception it suppressed (or None)."""

    def __init__(self, *exceptions):
        self._exceptions = exceptions

    def __enter__(self):
        self.exception = None
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None and issubclass(exc_type, self._exceptions):
            self.exception = exc
            return True
        return False
