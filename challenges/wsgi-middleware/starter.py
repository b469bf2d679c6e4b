import json
import uuid


class RequestIdMiddleware:
    """Use the incoming X-Request-ID header or a fresh id from ``id_factory``;
    store it in ``environ["request_id"]`` and send it back as ``X-Request-ID``."""

    def __init__(self, app, id_factory=None):
        self.app = app
        self.id_factory = id_factory if id_factory is not None else (lambda: uuid.uuid4().hex)

    def __call__(self, environ, start_response):
        raise NotImplementedError


class AuthTokenMiddleware:
    """Only let requests with ``Authorization: Bearer <token>`` (token in ``tokens``)
    reach the app; answer everything else with a 401 JSON response."""

    def __init__(self, app, tokens):
        self.app = app
        self.tokens = tokens

    def __call__(self, environ, start_response):
        raise NotImplementedError


class ErrorJsonMiddleware:
    """Turn any exception raised by the app into ``500 {"error": "internal"}``."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        raise NotImplementedError


def build_app(app, tokens, id_factory=None):
    """Compose the chain: RequestId (outermost) -> ErrorJson -> AuthToken -> app."""
    raise NotImplementedError
