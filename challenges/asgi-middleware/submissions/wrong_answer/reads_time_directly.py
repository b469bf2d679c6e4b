# Mistake: times the response with time.perf_counter() instead of the clock it was given,
# so the elapsed time ignores the caller's (and the tests') clock.
import json
import time
import uuid

UNAUTHORIZED_BODY = json.dumps({"error": "unauthorized"}).encode("utf-8")


class RequestContextMiddleware:
    """Request id + response time headers, and a bearer-token gate, for HTTP scopes."""

    def __init__(self, app, *, tokens, clock=time.perf_counter, id_factory=None):
        self.app = app
        self.tokens = tokens
        self.clock = clock
        self.id_factory = id_factory if id_factory is not None else (lambda: uuid.uuid4().hex)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        started = time.perf_counter()
        request_id = self._header(scope, b"x-request-id")
        if not request_id:
            request_id = self.id_factory()

        def extra_headers():
            elapsed_ms = (time.perf_counter() - started) * 1000
            return [(b"x-request-id", request_id.encode("latin-1")),
                    (b"x-response-time-ms", ("%.1f" % elapsed_ms).encode("latin-1"))]

        if not self._authorized(scope):
            headers = [(b"content-type", b"application/json"),
                       (b"content-length", str(len(UNAUTHORIZED_BODY)).encode("latin-1")),
                       (b"www-authenticate", b"Bearer")]
            await send({"type": "http.response.start", "status": 401,
                        "headers": headers + extra_headers()})
            await send({"type": "http.response.body", "body": UNAUTHORIZED_BODY})
            return

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = [(name, value) for name, value in message.get("headers", [])
                           if name.lower() != b"x-request-id"]
                message = dict(message, headers=headers + extra_headers())
            await send(message)

        await self.app(dict(scope, request_id=request_id), receive, send_with_headers)

    @staticmethod
    def _header(scope, wanted):
        for name, value in scope.get("headers", []):
            if name.lower() == wanted:
                return value.decode("latin-1")
        return None

    def _authorized(self, scope):
        header = self._header(scope, b"authorization")
        if header is None:
            return False
        scheme, sep, token = header.partition(" ")
        return bool(sep) and scheme.lower() == "bearer" and token in self.tokens
