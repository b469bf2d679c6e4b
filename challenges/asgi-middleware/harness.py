"""Custom harness for the asgi-middleware challenge.

Input schema (``case_input`` is a dict):

    {"app": APP,                      the inner ASGI app (see _Apps), one per case
     "tokens": [str, ...],            valid bearer tokens (passed as a set)
     "default_factory": bool,         true: id_factory is not passed (uuid4 hex ids)
     "requests": [REQUEST, ...]}      run in order, one asyncio.run each, through ONE
                                      RequestContextMiddleware instance

    REQUEST = {"type": "http" | "websocket" | "lifespan"   (default "http"),
               "method": str, "path": str,                   (http/websocket; defaults GET, /)
               "headers": [[name, value], ...],              (lowercase names, latin-1 text)
               "body": [str, ...]}                           (http request body chunks)

The middleware is built as
    RequestContextMiddleware(app, tokens=set(tokens), clock=clock, id_factory=factory)
where clock() returns a fake time in seconds (starting at 1000.0) that only moves when
an app "works" (the apps advance it by fixed amounts), and factory() returns "id-1",
"id-2", ... counting its calls.

Returns {"results": [RESULT, ...], "factory_calls": int} where RESULT is
    {"messages": [MESSAGE, ...]          every message that reached the server's send, in order
     "app_called": bool,
     "app_saw": {...} | null,            http: {"request_id", "path"} of the scope the app got;
                                         other scopes: {"same_scope", "same_receive",
                                         "same_send"} (identity with the server's objects)
     "scope_unchanged": bool,            the server's scope dict was not modified
     "receive_calls": int,               calls of the server's receive
     "raised": "TypeName" | null}        an exception that escaped the middleware
MESSAGE is plain data: http.response.start -> {"type", "status", "headers" (sorted
[name, value] str pairs, latin-1), "trailers"}; http.response.body -> {"type", "body"
(utf-8 text), "more_body"}; http.response.trailers -> {"type", "headers", "more_trailers"};
anything else -> its keys with bytes shown as latin-1 text. Values of the wrong type
become "<TypeName ...>" markers.
"""

import asyncio
import copy
import re

_HEX32 = re.compile(r"[0-9a-f]{32}\Z")
_ASGI = {"version": "3.0", "spec_version": "2.3"}


class _Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += seconds


class _Apps:
    """The inner ASGI apps; each records what it saw in self.seen."""

    def __init__(self, clock):
        self.clock = clock
        self.seen = None

    def _enter(self, scope, receive, send):
        self.seen = (scope, receive, send)

    async def hello(self, scope, receive, send):
        self._enter(scope, receive, send)
        self.clock.advance(0.0125)
        body = ("hello %s" % scope.get("path")).encode()
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"text/plain"),
                                (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})

    async def echo(self, scope, receive, send):
        self._enter(scope, receive, send)
        chunks = []
        while True:
            message = await receive()
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        self.clock.advance(0.2)
        body = b"".join(chunks)
        await send({"type": "http.response.start", "status": 201,
                    "headers": [[b"content-type", b"application/json"],
                                [b"location", b"/items/1"]]})
        await send({"type": "http.response.body", "body": body, "more_body": False})

    async def stream(self, scope, receive, send):
        self._enter(scope, receive, send)
        self.clock.advance(0.003)
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"text/event-stream")]})
        await send({"type": "http.response.body", "body": b"data: 1\n\n", "more_body": True})
        self.clock.advance(0.5)
        await send({"type": "http.response.body", "body": b"data: 2\n\n", "more_body": True})
        self.clock.advance(0.25)
        await send({"type": "http.response.body", "body": b"", "more_body": False})

    async def trailers(self, scope, receive, send):
        self._enter(scope, receive, send)
        self.clock.advance(0.0415)
        await send({"type": "http.response.start", "status": 200, "trailers": True,
                    "headers": [(b"content-type", b"application/octet-stream")]})
        await send({"type": "http.response.body", "body": b"payload"})
        self.clock.advance(0.1)
        await send({"type": "http.response.trailers", "more_trailers": False,
                    "headers": [(b"x-checksum", b"sha256=abc123")]})

    async def no_headers(self, scope, receive, send):
        self._enter(scope, receive, send)
        self.clock.advance(0.001)
        await send({"type": "http.response.start", "status": 204})
        await send({"type": "http.response.body"})

    async def sets_request_id(self, scope, receive, send):
        self._enter(scope, receive, send)
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"X-Request-ID", b"chosen-by-app"),
                                (b"content-type", b"text/plain")]})
        await send({"type": "http.response.body", "body": b"ok"})

    async def crash(self, scope, receive, send):
        self._enter(scope, receive, send)
        self.clock.advance(0.05)
        raise RuntimeError("database is down")

    async def websocket(self, scope, receive, send):
        self._enter(scope, receive, send)
        assert scope["type"] == "websocket"
        await receive()  # websocket.connect
        await send({"type": "websocket.accept", "subprotocol": None,
                    "headers": [(b"x-app", b"ws")]})
        message = await receive()
        await send({"type": "websocket.send", "text": "pong: %s" % message.get("text")})
        await send({"type": "websocket.close", "code": 1000, "reason": ""})

    async def lifespan(self, scope, receive, send):
        self._enter(scope, receive, send)
        assert scope["type"] == "lifespan"
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                scope["state"]["ready"] = True
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def universal(self, scope, receive, send):
        """Serves every scope type: hello for http, websocket, lifespan."""
        kind = scope["type"]
        if kind == "http":
            await self.hello(scope, receive, send)
        elif kind == "websocket":
            await self.websocket(scope, receive, send)
        else:
            await self.lifespan(scope, receive, send)


def _marker(value):
    return "<%s %r>" % (type(value).__name__, value)


def _latin1(value):
    if type(value) is bytes:
        return value.decode("latin-1")
    return _marker(value)


def _headers(headers):
    if headers is None:
        return []
    try:
        pairs = list(headers)
    except TypeError:
        return [_marker(headers)]
    result = []
    for pair in pairs:
        if type(pair) in (tuple, list) and len(pair) == 2:
            result.append([_latin1(pair[0]), _latin1(pair[1])])
        else:
            result.append([_marker(pair), ""])
    return sorted(result)


def _plain(value, depth=0):
    if depth > 20:
        return "<too deep>"
    if value is None or type(value) in (bool, int, float, str):
        return value
    if type(value) is bytes:
        return value.decode("latin-1")
    if type(value) in (list, tuple):
        return [_plain(item, depth + 1) for item in value]
    if type(value) is dict:
        return {str(key): _plain(item, depth + 1) for key, item in value.items()}
    return _marker(value)


def _record(message):
    if type(message) is not dict:
        return _marker(message)
    kind = message.get("type")
    if kind == "http.response.start":
        status = message.get("status")
        return {"type": kind, "status": status if type(status) is int else _marker(status),
                "headers": _headers(message.get("headers")),
                "trailers": bool(message.get("trailers", False))}
    if kind == "http.response.body":
        body = message.get("body", b"")
        return {"type": kind,
                "body": body.decode("utf-8", "replace") if type(body) is bytes else _marker(body),
                "more_body": bool(message.get("more_body", False))}
    if kind == "http.response.trailers":
        return {"type": kind, "headers": _headers(message.get("headers")),
                "more_trailers": bool(message.get("more_trailers", False))}
    return {str(key): _plain(value) for key, value in message.items()}


def _scope(spec):
    kind = spec.get("type", "http")
    if kind == "lifespan":
        return {"type": "lifespan", "asgi": dict(_ASGI), "state": {}}
    path = spec.get("path", "/")
    scope = {
        "type": kind,
        "asgi": dict(_ASGI),
        "http_version": "1.1",
        "scheme": "http" if kind == "http" else "ws",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(name.encode("latin-1"), value.encode("latin-1"))
                    for name, value in spec.get("headers", [])],
        "client": ("127.0.0.1", 51000),
        "server": ("testserver", 80),
        "state": {},
    }
    if kind == "http":
        scope["method"] = spec.get("method", "GET")
    else:
        scope["subprotocols"] = []
    return scope


def _inbox(spec):
    kind = spec.get("type", "http")
    if kind == "lifespan":
        return [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}]
    if kind == "websocket":
        return [{"type": "websocket.connect"},
                {"type": "websocket.receive", "text": "ping"},
                {"type": "websocket.disconnect", "code": 1000}]
    chunks = spec.get("body", [])
    if not chunks:
        return [{"type": "http.request", "body": b"", "more_body": False}]
    return [{"type": "http.request", "body": chunk.encode(), "more_body": i < len(chunks) - 1}
            for i, chunk in enumerate(chunks)]


async def _one(middleware, apps, spec):
    scope = _scope(spec)
    snapshot = copy.deepcopy(scope)
    inbox = _inbox(spec)
    messages = []
    receive_calls = [0]

    async def receive():
        receive_calls[0] += 1
        if inbox:
            return inbox.pop(0)
        return {"type": "http.disconnect"} if scope["type"] == "http" else {
            "type": scope["type"] + ".disconnect"}

    async def send(message):
        messages.append(_record(message))

    apps.seen = None
    raised = None
    try:
        await middleware(scope, receive, send)
    except Exception as error:  # noqa: BLE001 - reported as an observation
        raised = type(error).__name__

    if scope.get("type") == "lifespan" and snapshot.get("type") == "lifespan":
        snapshot["state"] = scope.get("state")  # the app itself may fill the lifespan state
    app_saw = None
    if apps.seen is not None:
        seen_scope, seen_receive, seen_send = apps.seen
        if spec.get("type", "http") == "http":
            app_saw = {"request_id": _plain(seen_scope.get("request_id")),
                       "path": _plain(seen_scope.get("path"))}
        else:
            app_saw = {"same_scope": seen_scope is scope, "same_receive": seen_receive is receive,
                       "same_send": seen_send is send}
    return {"messages": messages, "app_called": apps.seen is not None, "app_saw": app_saw,
            "scope_unchanged": scope == snapshot, "receive_calls": receive_calls[0],
            "raised": raised}


def _rename_generated(results):
    names = {}

    def rename(value):
        if type(value) is str and _HEX32.match(value):
            if value not in names:
                names[value] = "<generated-%d>" % (len(names) + 1)
            return names[value]
        return value

    for result in results:
        for message in result["messages"]:
            if isinstance(message, dict) and message.get("type") == "http.response.start":
                for pair in message["headers"]:
                    if pair[0] == "x-request-id":
                        pair[1] = rename(pair[1])
        if result["app_saw"] and "request_id" in result["app_saw"]:
            result["app_saw"]["request_id"] = rename(result["app_saw"]["request_id"])


def run(solution, case_input):
    clock = _Clock()
    apps = _Apps(clock)
    app = getattr(apps, case_input["app"])
    calls = [0]

    def id_factory():
        calls[0] += 1
        return "id-%d" % calls[0]

    kwargs = {"tokens": set(case_input.get("tokens", [])), "clock": clock}
    if not case_input.get("default_factory"):
        kwargs["id_factory"] = id_factory
    middleware = solution.RequestContextMiddleware(app, **kwargs)
    results = [asyncio.run(_one(middleware, apps, spec)) for spec in case_input["requests"]]
    if case_input.get("default_factory"):
        _rename_generated(results)
    return {"results": results, "factory_calls": calls[0]}
