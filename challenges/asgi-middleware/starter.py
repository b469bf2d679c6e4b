import json
import time
import uuid


class RequestContextMiddleware:
    """Adds x-request-id / x-response-time-ms to HTTP responses and answers requests
    without a valid ``Authorization: Bearer <token>`` header with a 401.

    Non-HTTP scopes (websocket, lifespan) must pass through untouched.
    """

    def __init__(self, app, *, tokens, clock=time.perf_counter, id_factory=None):
        self.app = app
        self.tokens = tokens
        self.clock = clock
        self.id_factory = id_factory if id_factory is not None else (lambda: uuid.uuid4().hex)

    async def __call__(self, scope, receive, send):
        # TODO: everything. For now every request is simply forwarded.
        await self.app(scope, receive, send)
