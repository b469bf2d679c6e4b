# Mistake: the error middleware only wraps the call to the app in try/except and returns
# the app's iterable as is: an exception raised while the body is iterated escapes to the
# server, and an app that never calls start_response is not caught either.
import json
import sys
import uuid


class RequestIdMiddleware:
    def __init__(self, app, id_factory=None):
        self.app = app
        self.id_factory = id_factory or (lambda: uuid.uuid4().hex)

    def __call__(self, environ, start_response):
        request_id = environ.get("HTTP_X_REQUEST_ID") or self.id_factory()
        environ["request_id"] = request_id

        def start_with_id(status, headers, exc_info=None):
            headers = [h for h in headers if h[0].lower() != "x-request-id"]
            headers.append(("X-Request-ID", request_id))
            return start_response(status, headers, exc_info)

        return self.app(environ, start_with_id)


class AuthTokenMiddleware:
    def __init__(self, app, tokens):
        self.app = app
        self.tokens = tokens

    def __call__(self, environ, start_response):
        scheme, _, token = environ.get("HTTP_AUTHORIZATION", "").partition(" ")
        if scheme.lower() != "bearer" or token not in self.tokens:
            body = json.dumps({"error": "unauthorized"}).encode()
            start_response("401 Unauthorized", [("Content-Type", "application/json"),
                                                ("Content-Length", str(len(body))),
                                                ("WWW-Authenticate", "Bearer")])
            return [body]
        return self.app(environ, start_response)


class ErrorJsonMiddleware:
    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        try:
            return self.app(environ, start_response)
        except Exception:
            body = json.dumps({"error": "internal"}).encode()
            start_response("500 Internal Server Error",
                           [("Content-Type", "application/json"),
                            ("Content-Length", str(len(body)))], sys.exc_info())
            return [body]


def build_app(app, tokens, id_factory=None):
    return RequestIdMiddleware(ErrorJsonMiddleware(AuthTokenMiddleware(app, tokens)), id_factory)
