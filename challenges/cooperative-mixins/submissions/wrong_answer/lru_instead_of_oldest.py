# Mistake: a hit moves the key to the back, so the cache evicts the least recently used
# key; the statement asks to evict the key cached first.
"""Cooperative mixins around a Service: every __init__ and fetch goes through super()."""


class Service:
    def __init__(self, *, name, backend, registry=None, **kwargs):
        # object.__init__ rejects whatever keyword nobody in the MRO consumed.
        super().__init__(**kwargs)
        self.name = name
        self.backend = backend
        if registry is not None:
            registry.append(name)

    def fetch(self, key):
        return self.backend(key)

    def describe(self):
        return ["Service(%s)" % self.name]


class RetryMixin(Service):
    def __init__(self, *, retries=2, **kwargs):
        if type(retries) is not int or retries < 0:
            raise ValueError("retries must be an int >= 0")
        self.retries = retries
        super().__init__(**kwargs)

    def fetch(self, key):
        for attempt in range(self.retries + 1):
            try:
                return super().fetch(key)
            except ConnectionError:
                if attempt == self.retries:
                    raise

    def describe(self):
        return ["Retry(%d)" % self.retries] + super().describe()


class CacheMixin(Service):
    def __init__(self, *, cache_size=128, **kwargs):
        if type(cache_size) is not int or cache_size < 1:
            raise ValueError("cache_size must be an int >= 1")
        self.cache_size = cache_size
        self._cache = {}
        super().__init__(**kwargs)

    def fetch(self, key):
        if key in self._cache:
            self._cache[key] = self._cache.pop(key)
            return self._cache[key]
        value = super().fetch(key)
        if len(self._cache) >= self.cache_size:
            del self._cache[next(iter(self._cache))]
        self._cache[key] = value
        return value

    def describe(self):
        return ["Cache(%d)" % self.cache_size] + super().describe()


class MetricsMixin(Service):
    def __init__(self, *, metrics, **kwargs):
        self.metrics = metrics
        super().__init__(**kwargs)

    def _count(self, event):
        name = "%s.%s" % (self.name, event)
        self.metrics[name] = self.metrics.get(name, 0) + 1

    def fetch(self, key):
        self._count("fetch")
        try:
            return super().fetch(key)
        except Exception:
            self._count("error")
            raise

    def describe(self):
        return ["Metrics"] + super().describe()


class ApiClient(RetryMixin, CacheMixin, MetricsMixin):
    """Retries wrap the cache; metrics see only the calls that reach the backend."""


class ReportClient(CacheMixin, MetricsMixin, RetryMixin):
    """The cache comes first; metrics count each cache miss once, retries included."""
