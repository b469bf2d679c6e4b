"""Custom harness for the auth-decorator challenge.

Input schema (``case_input`` is a dict; every key below is optional unless noted):

    {"check": "call" | "sequence" | "independent" | "metadata"}     default "call"

  Request spec (used by "call", "sequence" and "independent"):
    {}                                    request with NO ``user`` attribute at all
    {"user": null}                        request.user is None
    {"user": USER}                        request.user is a fake user object, where USER is
      {"username": str,                   optional, default "ada"
       "is_authenticated": VALUE,         any JSON value, set as user.is_authenticated
       "is_authenticated_object": BOOL,   instead: an object whose bool() is BOOL
       "falsy": BOOL}                     the user object itself is falsy (default false)

  View names (views are built fresh for every case and count their calls):
    "echo"     (profile)         returns {"args": [...], "kwargs": {...}, "same_request": bool}
    "settings" (settings)        returns "settings page"
    "none"     (logout)          returns None
    "raise"    (delete_account)  raises ViewError("account is locked")

  check "call":        {"view": NAME (default "echo"), "request": REQ, "args": [...], "kwargs": {...}}
      -> OUTCOME = {"view_calls": n, "result": PLAIN}
                or {"view_calls": n, "raised": {"type": str, "message": str, "from_view": bool}}
         (an Exception escaping the decorated view call is reported as data; "from_view" is
         true only when it is the very exception object the view raised)
  check "sequence":    {"view": NAME, "calls": [{"request": REQ, "args": [...], "kwargs": {...}}, ...]}
      decorates once, calls in order -> {"outcomes": [OUTCOME, ...]} (view_calls cumulative)
  check "independent": {"views": [NAME, ...], "request": REQ}
      decorates every view, then calls each once with REQ
      -> {"outcomes": [{"name": __name__ of the decorated view, **OUTCOME}, ...]}
         (view_calls counts that view's own calls)
  check "metadata":    {"view": NAME}
      -> {"callable", "name", "qualname", "module", "doc", "has_wrapped", "wrapped_is_view",
          "view_calls"}

Everything returned is rebuilt from exact built-in types (see ``_plain``), so no object of
the candidate's ever leaves this harness. Exceptions raised while *decorating* propagate.
"""

_MAX_DEPTH = 50


class ViewError(Exception):
    """The view's own failure; must reach the caller unchanged."""


class _Flag:
    """An object that is not a bool but has a truth value."""

    def __init__(self, truth):
        self._truth = truth

    def __bool__(self):
        return self._truth

    def __repr__(self):
        return "_Flag(%r)" % self._truth


class User:
    def __init__(self, spec):
        self.username = spec.get("username", "ada")
        self._falsy = bool(spec.get("falsy", False))
        if "is_authenticated_object" in spec:
            self.is_authenticated = _Flag(bool(spec["is_authenticated_object"]))
        elif "is_authenticated" in spec:
            self.is_authenticated = spec["is_authenticated"]

    def __bool__(self):
        return not self._falsy

    def __repr__(self):
        return "User(%r)" % self.username


class Request:
    def __init__(self, spec):
        self.path = "/account/"
        self.method = "GET"
        if "user" in spec:
            user = spec["user"]
            self.user = None if user is None else User(user)

    def __repr__(self):
        return "Request(%r)" % self.path


def _plain(value, depth=0):
    """Rebuild ``value`` from exact built-in types; anything else becomes a marker string."""
    if depth > _MAX_DEPTH:
        return "<too deep>"
    kind = type(value)
    if value is None or kind in (bool, int, float, str, bytes):
        return value
    if kind is list:
        return [_plain(item, depth + 1) for item in value]
    if kind is tuple:
        return tuple(_plain(item, depth + 1) for item in value)
    if kind is dict:
        return {_plain(key, depth + 1): _plain(item, depth + 1) for key, item in value.items()}
    return "<%s object>" % type(value).__name__


def _message(error):
    try:
        text = str(error)
    except Exception:  # noqa: BLE001 - a candidate exception with a broken __str__
        return "<unprintable>"
    return text if type(text) is str else "<unprintable>"


class _Views:
    """Fresh views for one case; each counts its own calls and remembers what it raised."""

    def __init__(self, request):
        self.request = request
        self.calls = {}
        self.raised = []
        self.funcs = {}
        for key, func in (("echo", self._make_echo()), ("settings", self._make_settings()),
                          ("none", self._make_none()), ("raise", self._make_raise())):
            func.__module__ = "app.views"
            func.__qualname__ = "views." + func.__name__
            self.calls[key] = 0
            self.funcs[key] = func

    def set_request(self, request):
        self.request = request

    def _make_echo(self):
        views = self

        def profile(request, *args, **kwargs):
            """Show the user's profile (echoes the arguments it receives)."""
            views.calls["echo"] += 1
            return {"args": list(args), "kwargs": dict(kwargs),
                    "same_request": request is views.request}

        return profile

    def _make_settings(self):
        views = self

        def settings(request, *args, **kwargs):
            """Show the account settings page."""
            views.calls["settings"] += 1
            return "settings page"

        return settings

    def _make_none(self):
        views = self

        def logout(request, *args, **kwargs):
            """Log the user out; returns nothing."""
            views.calls["none"] += 1
            return None

        return logout

    def _make_raise(self):
        views = self

        def delete_account(request, *args, **kwargs):
            """Delete the account (always fails: the account is locked)."""
            views.calls["raise"] += 1
            error = ViewError("account is locked")
            views.raised.append(error)
            raise error

        return delete_account


def _call(views, key, decorated, request, args, kwargs):
    views.set_request(request)
    try:
        result = decorated(request, *args, **kwargs)
    except Exception as error:  # noqa: BLE001 - reported as an observation
        from_view = any(error is own for own in views.raised)
        return {"view_calls": views.calls[key],
                "raised": {"type": type(error).__name__, "message": _message(error),
                           "from_view": from_view}}
    return {"view_calls": views.calls[key], "result": _plain(result)}


def _args(spec):
    return list(spec.get("args", [])), dict(spec.get("kwargs", {}))


def run(solution, case_input):
    decorator = solution.require_authentication
    check = case_input.get("check", "call")

    if check == "call":
        request = Request(case_input.get("request", {}))
        views = _Views(request)
        key = case_input.get("view", "echo")
        decorated = decorator(views.funcs[key])
        args, kwargs = _args(case_input)
        return _call(views, key, decorated, request, args, kwargs)

    if check == "sequence":
        views = _Views(None)
        key = case_input.get("view", "echo")
        decorated = decorator(views.funcs[key])
        outcomes = []
        for call in case_input["calls"]:
            request = Request(call.get("request", {}))
            args, kwargs = _args(call)
            outcomes.append(_call(views, key, decorated, request, args, kwargs))
        return {"outcomes": outcomes}

    if check == "independent":
        request = Request(case_input.get("request", {}))
        views = _Views(request)
        keys = list(case_input["views"])
        decorated = [decorator(views.funcs[key]) for key in keys]
        outcomes = []
        for key, func in zip(keys, decorated):
            outcome = {"name": _plain(getattr(func, "__name__", None))}
            outcome.update(_call(views, key, func, request, [], {}))
            outcomes.append(outcome)
        return {"outcomes": outcomes}

    if check == "metadata":
        views = _Views(None)
        key = case_input.get("view", "echo")
        original = views.funcs[key]
        decorated = decorator(original)
        missing = object()
        wrapped = getattr(decorated, "__wrapped__", missing)
        return {
            "callable": callable(decorated),
            "name": _plain(getattr(decorated, "__name__", None)),
            "qualname": _plain(getattr(decorated, "__qualname__", None)),
            "module": _plain(getattr(decorated, "__module__", None)),
            "doc": _plain(getattr(decorated, "__doc__", None)),
            "has_wrapped": wrapped is not missing,
            "wrapped_is_view": wrapped is original,
            "view_calls": views.calls[key],
        }

    raise ValueError("unknown check %r" % (check,))
