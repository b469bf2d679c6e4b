"""Wrong: request.headers["Authorization"] raises KeyError when the header is missing, and
Django answers the uncaught exception with a 500 instead of the 401 "missing token"."""

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


def _unauthorized(error):
    response = JsonResponse({"error": error}, status=401)
    response["WWW-Authenticate"] = "Bearer"
    return response


class TokenAuthMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (request.path == "/health" or request.path.startswith("/public/")):
            match = re.fullmatch(r"Bearer (\S+)", request.headers["Authorization"])
            user = user_for_token(match.group(1)) if match else None
            if user is None:
                return _unauthorized("invalid token")
            request.auth_user = user
        return self.get_response(request)
