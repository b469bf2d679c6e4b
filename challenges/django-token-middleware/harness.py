"""Custom harness for django-token-middleware.

Django is imported and configured here, at module level, once: the runner loads this
harness in its prepared parent before any case is forked, so the framework's import and
set-up never count in a case's CPU time. Each case's child loads the candidate's module
afresh and makes a new `django.test.Client`, whose handler builds the middleware chain
from the candidate's `MIDDLEWARE` on its first request.

The harness provides the package `shop`:
- `shop.clock.now()`: a fake clock in milliseconds (an int); only the views and the token
  lookup move it, never real time;
- `shop.tokens.user_for_token(token)`: the user name of a token, or None; a database lookup
  that costs 3 ms on the fake clock;
- `shop.urls`: the URLconf, whose views record that they ran and move the clock.
The candidate's file is installed as the module `middleware`, so its `MIDDLEWARE` list
names classes or factories such as "middleware.TimingMiddleware".

Input:  {"requests": [{"method": "GET", "path": "/api/orders", "headers": {...}?,
                       "body_bytes": n?}, ...]}
Output: one entry per request: {"status": int, "body": the JSON body or null when the
        body is not JSON, "elapsed_ms": the X-Elapsed-Ms header or null,
        "www_authenticate": that header or null, "views": [views that ran],
        "lookups": how many token lookups the request made}
        or {"error": "Type: message"} when Django cannot build the middleware chain.
"""

import json
import sys
import types

import harnesskit

# No app and no database: the middleware chain and the views need neither.
harnesskit.django_setup(
    DATABASES={},
    SECRET_KEY="pyjudge-django-token-middleware",
    ALLOWED_HOSTS=["testserver"],
    ROOT_URLCONF="shop.urls",
    MIDDLEWARE=[],
)

from django.conf import settings  # noqa: E402
from django.core.exceptions import ImproperlyConfigured  # noqa: E402
from django.core.signals import got_request_exception  # noqa: E402
from django.http import JsonResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import path  # noqa: E402

TOKENS = {"t-alice-1f9c": "alice", "t-bob-77d0": "bob"}
START_MS = 1_000_000


class _Case:
    """What one case's requests did: the fake time, the views run, the lookups made."""

    now_ms = START_MS
    views = []
    lookups = 0


def now():
    """The fake clock: milliseconds, an int."""
    return _Case.now_ms


def user_for_token(token):
    """The name of the user the token belongs to, or None (a lookup costing 3 ms)."""
    _Case.lookups += 1
    _Case.now_ms += 3
    return TOKENS.get(token) if isinstance(token, str) else None


def _view(name, cost_ms, status=200, payload=None):
    def view(request):
        _Case.views.append(name)
        _Case.now_ms += cost_ms
        body = {"view": name, "user": getattr(request, "auth_user", None)}
        body.update(payload or {})
        return JsonResponse(body, status=status)

    view.__name__ = name
    return view


def upload(request):
    """Reads the request body as a stream, in chunks, as a large upload should be."""
    _Case.views.append("upload")
    _Case.now_ms += 20
    received = 0
    while chunk := request.read(4096):
        received += len(chunk)
    return JsonResponse({"view": "upload", "user": getattr(request, "auth_user", None), "bytes": received})


def boom(request):
    _Case.views.append("boom")
    _Case.now_ms += 5
    raise RuntimeError("the view failed")


urlpatterns = [
    path("health", _view("health", 1)),
    path("public/docs", _view("docs", 2)),
    path("publicity", _view("publicity", 2)),
    path("api/orders", _view("orders", 40, payload={"orders": [101, 102]})),
    path("api/orders/new", _view("create_order", 60, status=201)),
    path("api/slow", _view("slow", 250)),
    path("api/upload", upload),
    path("api/boom", boom),
]

shop = types.ModuleType("shop")
shop.__path__ = []
shop_clock = types.ModuleType("shop.clock")
shop_clock.now = now
shop_tokens = types.ModuleType("shop.tokens")
shop_tokens.user_for_token = user_for_token
shop_urls = types.ModuleType("shop.urls")
shop_urls.urlpatterns = urlpatterns
shop.clock, shop.tokens, shop.urls = shop_clock, shop_tokens, shop_urls
sys.modules.update({"shop": shop, "shop.clock": shop_clock, "shop.tokens": shop_tokens, "shop.urls": shop_urls})

# Django turns an exception in a view or a middleware into a 500 response; the exception
# is kept as a fact, so that a failing sample shows what it was.
got_request_exception.connect(
    lambda sender, request=None, **kwargs: fact("exception", harnesskit.describe(sys.exc_info()[1])),  # noqa: F821
    weak=False,
)


def _json(response):
    if response.get("Content-Type", "").startswith("application/json"):
        try:
            return json.loads(response.content)
        except ValueError:
            return None
    return None


def run(solution, case_input):
    sys.modules["middleware"] = solution
    chain = getattr(solution, "MIDDLEWARE", None)
    if not isinstance(chain, (list, tuple)) or not all(isinstance(entry, str) for entry in chain):
        return {"error": "MIDDLEWARE must be a list of dotted paths such as \"middleware.TimingMiddleware\""}
    settings.MIDDLEWARE = list(chain)
    client = Client(raise_request_exception=False)
    observed = []
    for request in case_input["requests"]:
        _Case.views, _Case.lookups = [], 0
        body = b"x" * request.get("body_bytes", 0)
        try:
            response = client.generic(
                request["method"],
                request["path"],
                data=body,
                content_type="application/octet-stream",
                headers=request.get("headers", {}),
            )
        except (ImproperlyConfigured, ImportError, TypeError) as error:
            return {"error": harnesskit.describe(error)}
        observed.append(
            {
                "status": response.status_code,
                "body": _json(response),
                "elapsed_ms": response.get("X-Elapsed-Ms"),
                "www_authenticate": response.get("WWW-Authenticate"),
                "views": list(_Case.views),
                "lookups": _Case.lookups,
            }
        )
    return observed
