"""Accepted too: middleware as factory functions (Django accepts any callable that takes
get_response and returns the per-request callable)."""

from django.http import JsonResponse

from shop import clock, tokens

MIDDLEWARE = ["middleware.timing", "middleware.token_auth"]
PUBLIC_PREFIXES = ("/public/",)


def timing(get_response):
    def middleware(request):
        start_ms = clock.now()
        response = get_response(request)
        response.headers["X-Elapsed-Ms"] = f"{clock.now() - start_ms}"
        return response

    return middleware


def token_auth(get_response):
    def refuse(reason):
        return JsonResponse({"error": reason}, status=401, headers={"WWW-Authenticate": "Bearer"})

    def middleware(request):
        if request.path == "/health" or request.path.startswith(PUBLIC_PREFIXES):
            return get_response(request)
        if "Authorization" not in request.headers:
            return refuse("missing token")
        parts = request.headers["Authorization"].split(" ")
        if len(parts) != 2 or parts[0] != "Bearer" or not parts[1] or any(character.isspace() for character in parts[1]):
            return refuse("invalid token")
        name = tokens.user_for_token(parts[1])
        if name is None:
            return refuse("invalid token")
        request.auth_user = name
        return get_response(request)

    return middleware
