# Mistake: refills only whole seconds: the elapsed time is truncated with int() and the
# fraction is thrown away, so frequent calls less than a second apart never refill.


class TokenBucket:
    def __init__(self, rate, capacity, clock):
        self.rate = rate
        self.capacity = capacity
        self._clock = clock
        self._tokens = capacity
        self._last = clock()

    def _refill(self):
        now = self._clock()
        elapsed = int(now - self._last)
        self._tokens = min(self.capacity, self._tokens + elapsed * self.rate)
        self._last = now

    def allow(self, cost=1):
        self._refill()
        if self._tokens >= cost:
            self._tokens -= cost
            return True
        return False

    def available(self):
        self._refill()
        return self._tokens


class RateLimiter:
    def __init__(self, rate, capacity, clock):
        self.rate = rate
        self.capacity = capacity
        self._clock = clock
        self._buckets = {}

    def _bucket(self, key):
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = TokenBucket(self.rate, self.capacity, self._clock)
        return bucket

    def allow(self, key, cost=1):
        return self._bucket(key).allow(cost)

    def available(self, key):
        return self._bucket(key).available()
