"""Wrong: the middleware raises PermissionDenied instead of returning a response. Django
turns that exception into a 403 HTML page: not the 401 JSON the API promises, and no
WWW-Authenticate header."""

import re

from django.core.exceptions import PermissionDenied

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


class TokenAuthMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (request.path == "/health" or request.path.startswith("/public/")):
            header = request.headers.get("Authorization")
            if header is None:
                raise PermissionDenied("missing token")
            match = re.fullmatch(r"Bearer (\S+)", header)
            user = user_for_token(match.group(1)) if match else None
            if user is None:
                raise PermissionDenied("invalid token")
            request.auth_user = user
        return self.get_response(request)
