"""Wrong: the token is taken with header.replace("Bearer ", ""), which never checks the
scheme: a bare token with no "Bearer " in front is accepted as if it had one."""

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
            header = request.headers.get("Authorization")
            if header is None:
                return _unauthorized("missing token")
            token = header.replace("Bearer ", "")
            user = user_for_token(token) if token and " " not in token else None
            if user is None:
                return _unauthorized("invalid token")
            request.auth_user = user
        return self.get_response(request)
