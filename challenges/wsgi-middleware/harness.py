"""Custom harness for the wsgi-middleware challenge.

Input schema (``case_input`` is a dict):

    {"stack": "request_id" | "auth" | "errors" | "full",
     "app": APP,                      the inner application (see below)
     "tokens": [str, ...],            valid bearer tokens ("auth" and "full"; passed as a set)
     "default_factory": bool,         true: id_factory is not passed (default uuid4 hex ids)
     "chunks": int,                   app "stream" only: how many 64-byte chunks it yields
     "requests": [REQUEST, ...]}      sent in order through ONE middleware instance

    REQUEST = {"method": str (default "GET"), "path": str (default "/"),
               "headers": {"Header-Name": "value", ...}}   (become HTTP_* environ keys)

  Stacks: "request_id" -> RequestIdMiddleware(app, id_factory)
          "auth"       -> AuthTokenMiddleware(app, tokens)
          "errors"     -> ErrorJsonMiddleware(app)
          "full"       -> build_app(app, tokens, id_factory)
  The harness id_factory returns "id-1", "id-2", ... and counts its calls.

Returns {"responses": [RESPONSE, ...], "factory_calls": int}, where RESPONSE is
    {"status": str | null, "headers": [[name, value], ...] sorted, "body": str,
     "app_called": bool, "app_request_id": environ["request_id"] as the app saw it (or null),
     "closed": how many times close() was called on the app's iterable (null: app returned a list)}
  or {"raised": "TypeName", "app_called": ..., "closed": ...} when an exception escaped the
  middleware (calling it, iterating its body or closing it).

The start_response given to the middleware behaves like a real server's (PEP 3333):
calling it a second time without exc_info raises AssertionError; a body chunk
before any start_response raises AssertionError. Non-bytes body chunks and
non-str header names/values/status are reported as "<TypeName ...>" markers.
Bodies longer than 2000 bytes are reported as {"length": n, "sha256": hex}.
With "default_factory", ids that look like uuid4().hex are renamed
"<generated-1>", "<generated-2>", ... in order of first appearance.
"""

import hashlib
import io
import re
from wsgiref.util import setup_testing_defaults

_HEX32 = re.compile(r"[0-9a-f]{32}\Z")


class _Iterable:
    """A response body with a close() method that counts its calls."""

    def __init__(self, chunks, tracker):
        self._chunks = chunks
        self._tracker = tracker

    def __iter__(self):
        return iter(self._chunks)

    def close(self):
        self._tracker["closed"] += 1


class _Apps:
    """The inner applications for one case; they record what they saw."""

    def __init__(self, chunks=0):
        self.chunks = chunks
        self.tracker = {"called": False, "request_id": None, "closed": None}

    def _enter(self, environ):
        self.tracker["called"] = True
        self.tracker["request_id"] = _text(environ.get("request_id"))

    def _tracked(self, chunks):
        self.tracker["closed"] = 0
        return _Iterable(chunks, self.tracker)

    def hello(self, environ, start_response):
        self._enter(environ)
        body = ("hello from %s %s" % (environ["REQUEST_METHOD"], environ["PATH_INFO"])).encode()
        start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8"),
                                  ("Content-Length", str(len(body)))])
        return [body[:6], body[6:]]

    def created(self, environ, start_response):
        self._enter(environ)
        body = b'{"id": 7, "name": "widget"}'
        start_response("201 Created", [("Content-Type", "application/json"),
                                       ("Content-Length", str(len(body))),
                                       ("Location", "/items/7")])
        return [body]

    def not_found(self, environ, start_response):
        self._enter(environ)
        body = b'{"error": "no such item"}'
        start_response("404 Not Found", [("Content-Type", "application/json"),
                                         ("Content-Length", str(len(body)))])
        return [body]

    def unicode(self, environ, start_response):
        self._enter(environ)
        body = "h\u00e9llo w\u00f6rld \u2713".encode("utf-8")
        start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8"),
                                  ("Content-Length", str(len(body)))])
        return [body]

    def sets_request_id(self, environ, start_response):
        self._enter(environ)
        body = b"ok"
        start_response("200 OK", [("x-request-id", "chosen-by-app"),
                                  ("Content-Type", "text/plain"),
                                  ("Content-Length", "2")])
        return [body]

    def closing(self, environ, start_response):
        self._enter(environ)
        start_response("200 OK", [("Content-Type", "text/plain")])
        return self._tracked([b"first ", b"", b"second"])

    def lazy(self, environ, start_response):
        self._enter(environ)

        def generate():
            start_response("202 Accepted", [("Content-Type", "text/plain")])
            yield b"queued "
            yield environ["PATH_INFO"].encode()

        return generate()

    def crash(self, environ, start_response):
        self._enter(environ)
        raise RuntimeError("database password is hunter2")

    def crash_after_start(self, environ, start_response):
        self._enter(environ)
        start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "5")])
        raise ValueError("secret token leaked in traceback")

    def crash_in_body(self, environ, start_response):
        self._enter(environ)
        start_response("200 OK", [("Content-Type", "text/plain")])

        def generate():
            yield b"partial "
            raise KeyError("internal cache key user:42")

        return self._tracked(generate())

    def no_start(self, environ, start_response):
        self._enter(environ)
        return [b"forgot to start the response"]

    def stream(self, environ, start_response):
        self._enter(environ)
        count = self.chunks
        start_response("200 OK", [("Content-Type", "application/octet-stream"),
                                  ("Content-Length", str(64 * count))])

        def generate():
            for i in range(count):
                yield b"%063d\n" % i

        return generate()


def _text(value):
    if value is None:
        return None
    if type(value) is str:
        return str.__str__(value)
    return "<%s>" % type(value).__name__


def _marker(value):
    return value if type(value) is str else "<%s %r>" % (type(value).__name__, value)


class _Server:
    """A recording start_response with the checks a real WSGI server makes."""

    def __init__(self):
        self.status = None
        self.headers = None
        self.sent = False

    def start_response(self, status, headers, exc_info=None):
        if exc_info is not None:
            if self.sent:
                raise exc_info[1].with_traceback(exc_info[2])
        elif self.status is not None:
            raise AssertionError("start_response called a second time without exc_info")
        self.status = _marker(status)
        if type(headers) is not list:
            self.headers = ["<headers are a %s, not a list>" % type(headers).__name__]
        else:
            pairs = []
            for pair in headers:
                if type(pair) is tuple and len(pair) == 2:
                    pairs.append([_marker(pair[0]), _marker(pair[1])])
                else:
                    pairs.append(["<bad header %s>" % type(pair).__name__, ""])
            self.headers = sorted(pairs)
        return self.write

    def write(self, data):
        raise AssertionError("write() is not used in this challenge")


def _environ(spec):
    environ = {}
    setup_testing_defaults(environ)
    environ["REQUEST_METHOD"] = spec.get("method", "GET")
    environ["PATH_INFO"] = spec.get("path", "/")
    environ["wsgi.input"] = io.BytesIO(b"")
    environ["wsgi.errors"] = io.StringIO()
    for name, value in spec.get("headers", {}).items():
        environ["HTTP_" + name.upper().replace("-", "_")] = value
    return environ


def _body(chunks):
    for chunk in chunks:
        if type(chunk) is not bytes:
            return "<non-bytes chunk: %s>" % type(chunk).__name__
    data = b"".join(chunks)
    if len(data) > 2000:
        return {"length": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data


def _request(app, apps, spec):
    apps.tracker.update(called=False, request_id=None, closed=None)
    server = _Server()
    environ = _environ(spec)
    chunks = []
    try:
        result = app(environ, server.start_response)
        try:
            for chunk in result:
                if chunk:
                    if server.status is None:
                        raise AssertionError("body sent before start_response")
                    server.sent = True
                chunks.append(chunk)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
    except Exception as error:  # noqa: BLE001 - reported as an observation
        return {"raised": type(error).__name__, "app_called": apps.tracker["called"],
                "closed": apps.tracker["closed"]}
    return {
        "status": server.status,
        "headers": server.headers if server.headers is not None else [],
        "body": _body(chunks),
        "app_called": apps.tracker["called"],
        "app_request_id": apps.tracker["request_id"],
        "closed": apps.tracker["closed"],
    }


def _rename_generated(responses):
    names = {}

    def rename(value):
        if type(value) is str and _HEX32.match(value):
            if value not in names:
                names[value] = "<generated-%d>" % (len(names) + 1)
            return names[value]
        return value

    for response in responses:
        if "app_request_id" in response:
            response["app_request_id"] = rename(response["app_request_id"])
        for pair in response.get("headers", []):
            if pair[0].lower() == "x-request-id":
                pair[1] = rename(pair[1])


def run(solution, case_input):
    apps = _Apps(case_input.get("chunks", 0))
    inner = getattr(apps, case_input["app"])
    tokens = set(case_input.get("tokens", []))
    calls = [0]

    def id_factory():
        calls[0] += 1
        return "id-%d" % calls[0]

    factory_args = () if case_input.get("default_factory") else (id_factory,)
    stack = case_input["stack"]
    if stack == "request_id":
        app = solution.RequestIdMiddleware(inner, *factory_args)
    elif stack == "auth":
        app = solution.AuthTokenMiddleware(inner, tokens)
    elif stack == "errors":
        app = solution.ErrorJsonMiddleware(inner)
    elif stack == "full":
        app = solution.build_app(inner, tokens, *factory_args)
    else:
        raise ValueError("unknown stack %r" % (stack,))

    responses = [_request(app, apps, spec) for spec in case_input["requests"]]
    if case_input.get("default_factory"):
        _rename_generated(responses)
        for response in responses:
            if "headers" in response:
                response["headers"].sort()
    return {"responses": responses, "factory_calls": calls[0]}
