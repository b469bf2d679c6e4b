"""Cooperative mixins around a Service. See statement.md."""


class Service:
    def __init__(self, *, name, backend, registry=None, **kwargs):
        self.name = name
        self.backend = backend

    def fetch(self, key):
        return self.backend(key)

    def describe(self):
        return ["Service(%s)" % self.name]


class RetryMixin(Service):
    pass


class CacheMixin(Service):
    pass


class MetricsMixin(Service):
    pass


class ApiClient:
    pass


class ReportClient:
    pass
