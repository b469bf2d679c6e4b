"""Cooperative mixins; the cache is an OrderedDict, the combined classes name Service too."""

from collections import OrderedDict


class Service:
    def __init__(self, *, name, backend, registry=None, **kwargs):
        super().__init__(**kwargs)
        self.name, self.backend = name, backend
        if registry is not None:
            registry.append(name)

    def fetch(self, key):
        return self.backend(key)

    def describe(self):
        return [f"Service({self.name})"]


class RetryMixin(Service):
    def __init__(self, *, retries=2, **kwargs):
        if isinstance(retries, bool) or not isinstance(retries, int) or retries < 0:
            raise ValueError(f"bad retries: {retries!r}")
        super().__init__(**kwargs)
        self.retries = retries

    def fetch(self, key):
        last_error = None
        for _ in range(1 + self.retries):
            try:
                return super().fetch(key)
            except ConnectionError as error:
                last_error = error
        raise last_error

    def describe(self):
        return [f"Retry({self.retries})", *super().describe()]


class CacheMixin(Service):
    def __init__(self, *, cache_size=128, **kwargs):
        if isinstance(cache_size, bool) or not isinstance(cache_size, int) or cache_size <= 0:
            raise ValueError(f"bad cache_size: {cache_size!r}")
        super().__init__(**kwargs)
        self.cache_size = cache_size
        self.entries = OrderedDict()

    def fetch(self, key):
        try:
            return self.entries[key]
        except KeyError:
            pass
        value = super().fetch(key)
        self.entries[key] = value
        if len(self.entries) > self.cache_size:
            self.entries.popitem(last=False)
        return value

    def describe(self):
        return [f"Cache({self.cache_size})", *super().describe()]


class MetricsMixin(Service):
    def __init__(self, *, metrics, **kwargs):
        super().__init__(**kwargs)
        self.metrics = metrics

    def fetch(self, key):
        fetches = f"{self.name}.fetch"
        self.metrics[fetches] = self.metrics.get(fetches, 0) + 1
        try:
            return super().fetch(key)
        except Exception:
            errors = f"{self.name}.error"
            self.metrics[errors] = self.metrics.get(errors, 0) + 1
            raise

    def describe(self):
        return ["Metrics", *super().describe()]


class ApiClient(RetryMixin, CacheMixin, MetricsMixin, Service):
    pass


class ReportClient(CacheMixin, MetricsMixin, RetryMixin, Service):
    pass
