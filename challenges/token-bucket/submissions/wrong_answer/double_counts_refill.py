# Mistake: adds the refill to the stored tokens on every call but only moves the
# last-refill timestamp when a request is allowed, so while requests are being rejected
# the same elapsed time is credited again and again.


class TokenBucket:
    def __init__(self, rate, capacity, clock):
        self.rate = rate
        self.capacity = capacity
        self._clock = clock
        self._tokens = capacity
        self._last = clock()

    def allow(self, cost=1):
        now = self._clock()
        self._tokens = min(self.capacity, self._tokens + (now - self._last) * self.rate)
        if self._tokens >= cost:
            self._tokens -= cost
            self._last = now
            return True
        return False

    def available(self):
        now = self._clock()
        return min(self.capacity, self._tokens + (now - self._last) * self.rate)


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
