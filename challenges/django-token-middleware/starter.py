"""Token authentication and a timing header as Django middleware. See statement.md."""

from django.http import JsonResponse  # noqa: F401

from shop.clock import now  # noqa: F401
from shop.tokens import user_for_token  # noqa: F401

# Django's MIDDLEWARE setting, outermost first: this file is installed as the module
# `middleware`.
MIDDLEWARE = [
    "middleware.TimingMiddleware",
    "middleware.TokenAuthMiddleware",
]


class TimingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raise NotImplementedError


class TokenAuthMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raise NotImplementedError
