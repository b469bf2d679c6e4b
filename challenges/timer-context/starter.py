"""Reentrant timer and suppress. See statement.md."""
import time


class Timer:
    def __init__(self, clock=time.perf_counter):
        self._clock = clock

    def __enter__(self):
        raise NotImplementedError

    def __exit__(self, exc_type, exc, tb):
        raise NotImplementedError

    @property
    def elapsed(self):
        raise NotImplementedError

    @property
    def running(self):
        raise NotImplementedError

    def lap(self):
        raise NotImplementedError

    @property
    def laps(self):
        raise NotImplementedError

    def reset(self):
        raise NotImplementedError


class suppress:
    def __init__(self, *exceptions):
        self.exceptions = exceptions
        self.exception = None

    def __enter__(self):
        raise NotImplementedError

    def __exit__(self, exc_type, exc, tb):
        raise NotImplementedError
