# Mistake: closes the app's iterable in a finally block and then once more "to be sure"
# after a successful read: close() must be called exactly once.
import json
import uuid


def _default_id():
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """Give every request an id, expose it in environ and echo it in X-Request-ID."""

    def __init__(self, app, id_factory=None):
        self.app = app
        self.id_factory = id_factory if id_factory is not None else _default_id

    def __call__(self, environ, start_response):
        request_id = environ.get("HTTP_X_REQUEST_ID")
        if not request_id:
            request_id = self.id_factory()
        environ["request_id"] = request_id

        def start_with_id(status, headers, exc_info=None):
            headers = [(name, value) for name, value in headers
                       if name.lower() != "x-request-id"]
            headers.append(("X-Request-ID", request_id))
            return start_response(status, headers, exc_info)

        return self.app(environ, start_with_id)


class AuthTokenMiddleware:
    """Reject requests without a valid ``Authorization: Bearer <token>`` header."""

    BODY = json.dumps({"error": "unauthorized"}).encode("utf-8")

    def __init__(self, app, tokens):
        self.app = app
        self.tokens = tokens

    def _authorized(self, environ):
        header = environ.get("HTTP_AUTHORIZATION")
        if not header:
            return False
        scheme, sep, token = header.partition(" ")
        return bool(sep) and scheme.lower() == "bearer" and token in self.tokens

    def __call__(self, environ, start_response):
        if not self._authorized(environ):
            start_response("401 Unauthorized", [
                ("Content-Type", "application/json"),
                ("Content-Length", str(len(self.BODY))),
                ("WWW-Authenticate", "Bearer"),
            ])
            return [self.BODY]
        return self.app(environ, start_response)


class ErrorJsonMiddleware:
    """Turn any exception raised by the app into a generic 500 JSON response."""

    BODY = json.dumps({"error": "internal"}).encode("utf-8")

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        captured = []

        def deferred_start(status, headers, exc_info=None):
            captured[:] = [(status, list(headers))]
            return lambda data: None

        try:
            result = self.app(environ, deferred_start)
            try:
                body = b"".join(result)
            finally:
                close = getattr(result, "close", None)
                if close is not None:
                    close()
            if close is not None:
                close()
            if not captured:
                raise RuntimeError("the application did not call start_response")
        except Exception:
            start_response("500 Internal Server Error", [
                ("Content-Type", "application/json"),
                ("Content-Length", str(len(self.BODY))),
            ])
            return [self.BODY]

        status, headers = captured[0]
        start_response(status, headers)
        return [body]


def build_app(app, tokens, id_factory=None):
    """request id (outermost) -> errors -> auth -> app."""
    return RequestIdMiddleware(ErrorJsonMiddleware(AuthTokenMiddleware(app, tokens)), id_factory)
