"""A token-bucket rate limiter on an injectable clock. See statement.md."""


class TokenBucket:
    def __init__(self, rate, capacity, clock):
        """``rate`` tokens per second, at most ``capacity`` tokens; ``clock()`` -> seconds."""
        self.rate = rate
        self.capacity = capacity
        self.clock = clock

    def allow(self, cost=1):
        """Take ``cost`` tokens and return True if there are enough, else return False."""
        raise NotImplementedError

    def available(self):
        """Return the number of tokens available now (a float)."""
        raise NotImplementedError


class RateLimiter:
    def __init__(self, rate, capacity, clock):
        """One TokenBucket(rate, capacity, clock) per key."""
        self.rate = rate
        self.capacity = capacity
        self.clock = clock

    def allow(self, key, cost=1):
        raise NotImplementedError

    def available(self, key):
        raise NotImplementedError
