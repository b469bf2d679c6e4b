"""Reference: two new-style middleware classes. Timing is the outermost, so its header is
on every response, 401s included; authentication runs before the view and answers a
request it refuses itself, without calling get_response."""

import re

from django.http import JsonResponse

from shop.clock import now
from shop.tokens import user_for_token

MIDDLEWARE = [
    "middleware.TimingMiddleware",
    "middleware.TokenAuthMiddleware",
]


class TimingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = now()
        response = self.get_response(request)
        response["X-Elapsed-Ms"] = str(now() - started)
        return response


def _is_public(path):
    return path == "/health" or path.startswith("/public/")


def _unauthorized(error):
    response = JsonResponse({"error": error}, status=401)
    response["WWW-Authenticate"] = "Bearer"
    return response


class TokenAuthMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _is_public(request.path):
            header = request.headers.get("Authorization")
            if header is None:
                return _unauthorized("missing token")
            match = re.fullmatch(r"Bearer (\S+)", header)
            user = user_for_token(match.group(1)) if match else None
            if user is None:
                return _unauthorized("invalid token")
            request.auth_user = user
        return self.get_response(request)
