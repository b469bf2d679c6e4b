"""Custom harness for the memoize-ttl challenge.

Input schema (``case_input`` is a dict):

  {"check": "ops"}   (the default when "check" is absent)
      {"ttl": number, "max_size": int, "start": number (initial clock, default 0),
       "shared": bool (default false),
       "ops": [OP, ...]}
      Two functions, "f" and "g", are decorated: each with its own memoize(ttl, max_size,
      clock=...) call, or, with "shared", both with ONE decorator returned by a single
      memoize(...) call. They return a string naming the function, its own call count
      and the arguments it received, e.g. "f#3 args=(1, 'a') kwargs={'k': 2}"; called
      with "boom" as first argument, they raise LookupError("boom") instead, and with
      "none" as first argument they return None.
      OP = {"call": [args...], "kwargs": {...}, "fn": "f" | "g"}   (fn default "f")
                -> {"value": str or None} or {"raised": type name}
         | {"tick": number}          advance the fake clock (no output)
         | {"info": "f" | "g"}       -> cache_info(), rebuilt as {"hits", "misses", "size"}
      -> {"results": [output of each call/info op, in order],
          "calls": {"f": n, "g": n}}   (how many times each function really ran)

  {"check": "large", "ttl": number, "max_size": int, "calls": int, "keys": int,
   "seed": int}
      One decorated function of one int argument (returns 3 * n + 1); ``calls`` calls
      with keys drawn by random.Random(seed) from range(keys); the clock advances by 1
      before every call.
      -> {"underlying": n, "checksum": sum of the results, "info": cache_info()}

  {"check": "metadata"}
      -> {"callable", "name", "qualname", "module", "doc", "wrapped_is_func",
          "has_cache_info", "calls"}

Everything returned is rebuilt from exact built-in types; no object of the candidate's
leaves this harness.
"""

import random

_MAX_DEPTH = 50


def _plain(value, depth=0):
    if depth > _MAX_DEPTH:
        return "<too deep>"
    kind = type(value)
    if value is None or kind in (bool, int, float, str):
        return value
    if kind is list or kind is tuple:
        return [_plain(item, depth + 1) for item in value]
    if kind is dict:
        return {_plain(k, depth + 1): _plain(v, depth + 1) for k, v in value.items()}
    return "<%s object>" % kind.__name__


def _info(wrapper):
    """cache_info() rebuilt as a plain dict of the three expected keys."""
    getter = getattr(wrapper, "cache_info", None)
    if getter is None:
        return "<no cache_info>"
    info = getter()
    if not isinstance(info, dict):
        return "<cache_info returned %s>" % type(info).__name__
    return {key: _plain(info.get(key)) for key in ("hits", "misses", "size")}


class _Clock:
    def __init__(self, start):
        self.now = start

    def __call__(self):
        return self.now


def _freeze(value):
    """JSON lists become tuples so that every argument is hashable."""
    if isinstance(value, list):
        return tuple(_freeze(item) for item in value)
    return value


def _make(name, counts):
    def func(*args, **kwargs):
        counts[name] += 1
        if args and args[0] == "boom":
            raise LookupError("boom")
        if args and args[0] == "none":
            return None
        shown = ", ".join("%s: %r" % (repr(k), kwargs[k]) for k in sorted(kwargs))
        return "%s#%d args=%r kwargs={%s}" % (name, counts[name], args, shown)

    func.__name__ = name
    func.__qualname__ = "service." + name
    func.__module__ = "app.service"
    func.__doc__ = "Look something up (slowly)."
    return func


def _check_ops(solution, case_input):
    clock = _Clock(case_input.get("start", 0))
    ttl, max_size = case_input["ttl"], case_input["max_size"]
    counts = {"f": 0, "g": 0}
    if case_input.get("shared"):
        decorator = solution.memoize(ttl, max_size, clock=clock)
        funcs = {"f": decorator(_make("f", counts)), "g": decorator(_make("g", counts))}
    else:
        funcs = {name: solution.memoize(ttl, max_size, clock=clock)(_make(name, counts))
                 for name in ("f", "g")}
    results = []
    for op in case_input["ops"]:
        if "tick" in op:
            clock.now += op["tick"]
        elif "info" in op:
            results.append(_info(funcs[op["info"]]))
        else:
            func = funcs[op.get("fn", "f")]
            args = [_freeze(arg) for arg in op["call"]]
            kwargs = {key: _freeze(value) for key, value in op.get("kwargs", {}).items()}
            try:
                value = func(*args, **kwargs)
            except LookupError as error:
                results.append({"raised": type(error).__name__})
            else:
                results.append({"value": _plain(value)})
    return {"results": results, "calls": dict(counts)}


def _check_large(solution, case_input):
    clock = _Clock(0)
    counts = {"n": 0}

    def triple(n):
        counts["n"] += 1
        return 3 * n + 1

    cached = solution.memoize(case_input["ttl"], case_input["max_size"], clock=clock)(triple)
    rng = random.Random(case_input["seed"])
    keys = case_input["keys"]
    checksum = 0
    for _ in range(case_input["calls"]):
        clock.now += 1
        result = cached(rng.randrange(keys))
        checksum += result if type(result) is int else 0
    return {"underlying": counts["n"], "checksum": checksum, "info": _info(cached)}


def _check_metadata(solution, case_input):
    counts = {"f": 0}
    original = _make("f", counts)
    decorated = solution.memoize(10, 4, clock=_Clock(0))(original)
    missing = object()
    return {
        "callable": callable(decorated),
        "name": _plain(getattr(decorated, "__name__", None)),
        "qualname": _plain(getattr(decorated, "__qualname__", None)),
        "module": _plain(getattr(decorated, "__module__", None)),
        "doc": _plain(getattr(decorated, "__doc__", None)),
        "wrapped_is_func": getattr(decorated, "__wrapped__", missing) is original,
        "has_cache_info": callable(getattr(decorated, "cache_info", None)),
        "calls": counts["f"],
    }


_CHECKS = {"ops": _check_ops, "large": _check_large, "metadata": _check_metadata}


def run(solution, case_input):
    return _CHECKS[case_input.get("check", "ops")](solution, case_input)
