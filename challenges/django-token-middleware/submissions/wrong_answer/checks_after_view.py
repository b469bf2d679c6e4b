"""Wrong: the authentication middleware calls get_response first (the timing pattern
copied) and decides afterwards. The 401 is right, but the view has already run for the
refused request: an order created by nobody."""

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
        public = request.path == "/health" or request.path.startswith("/public/")
        header = request.headers.get("Authorization")
        match = re.fullmatch(r"Bearer (\S+)", header) if header and not public else None
        user = user_for_token(match.group(1)) if match else None
        if user is not None:
            request.auth_user = user
        response = self.get_response(request)
        if public:
            return response
        if header is None:
            return _unauthorized("missing token")
        if user is None:
            return _unauthorized("invalid token")
        return response
