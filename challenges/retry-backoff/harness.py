"""Custom harness for the retry-backoff challenge.

Input schema (``case_input`` is a dict):

  {"check": "calls"}   (the default when "check" is absent)
      {"times": int, "base_delay": number,
       "exceptions": [NAME, ...] | NAME        optional; a list is passed as a tuple, a
                                                string as the single class; when absent
                                                the argument is not passed (the default)
       "script": [STEP, ...],                  what each successive attempt of the wrapped
                                                function does, across all calls; once the
                                                script is used up, attempts return "done"
       "calls": [{"args": [...], "kwargs": {...}}, ...]}   default: one call, no arguments
      STEP = {"raise": NAME, "message": str} | {"return": VALUE}
      The wrapped function ``fetch(*args, **kwargs)`` returns
      {"value": VALUE, "args": [...], "kwargs": {...}}.
      -> {"outcomes": [OUTCOME, ...], "time_sleep_calls": int}
         OUTCOME = {"attempts": n, "sleeps": [float, ...], "args_ok": bool, "result": PLAIN}
                or {"attempts": n, "sleeps": [...], "args_ok": bool,
                    "raised": {"type": str, "message": str, "is_last": bool}}
         "attempts" and "sleeps" are the wrapped-function calls and the delays passed to
         the injected sleep during that call (numbers as floats); "is_last" is true when
         the exception is the very object raised by the last attempt; "args_ok" is true
         when every attempt received exactly the call's arguments; "time_sleep_calls"
         counts calls of the real time.sleep (patched out while the case runs).

  {"check": "large", "times": int, "base_delay": number, "calls": int,
   "fail_every": int, "failures": int, "exhaust_last": bool}
      Decorates once and calls ``calls`` times: every ``fail_every``-th call fails
      ``failures`` times with TransientError before succeeding; with "exhaust_last" the
      last call fails on every attempt.
      -> {"ok": n, "raised": n, "attempts": n, "sleeps": n, "sleep_sum": float}

  {"check": "metadata", "times": int, "base_delay": number}
      -> {"callable", "name", "qualname", "module", "doc", "wrapped_is_func", "attempts"}

  {"check": "factory", "times": int, "base_delay": number}
      Calls retry(times, base_delay, sleep=...) only.
      -> {"raised": exception type name or None}

Exception names: the built-ins ValueError, KeyError, RuntimeError, OSError,
ConnectionError, TimeoutError, plus the harness's own TransientError(Exception),
FatalError(Exception), FlakyTimeout(TimeoutError) and Cancelled(BaseException).

Everything returned is rebuilt from exact built-in types; no object of the candidate's
leaves this harness.
"""

import time

_MAX_DEPTH = 50


class TransientError(Exception):
    """A failure worth retrying."""


class FatalError(Exception):
    """A failure that must not be retried."""


class FlakyTimeout(TimeoutError):
    """A subclass of a built-in exception."""


class Cancelled(BaseException):
    """Not an Exception subclass (like KeyboardInterrupt)."""


_EXCEPTIONS = {
    "ValueError": ValueError,
    "KeyError": KeyError,
    "RuntimeError": RuntimeError,
    "OSError": OSError,
    "ConnectionError": ConnectionError,
    "TimeoutError": TimeoutError,
    "TransientError": TransientError,
    "FatalError": FatalError,
    "FlakyTimeout": FlakyTimeout,
    "Cancelled": Cancelled,
}


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


def _number(value):
    kind = type(value)
    if kind is int or kind is float:
        return float(value)
    return "<%s>" % kind.__name__


def _message(error):
    try:
        text = str(error)
    except Exception:  # noqa: BLE001 - a broken __str__
        return "<unprintable>"
    return text if type(text) is str else "<unprintable>"


class _World:
    """The wrapped function, the fake sleep and what they observed."""

    def __init__(self, script):
        self.script = list(script)
        self.position = 0
        self.attempts = 0
        self.sleeps = []
        self.seen = []
        self.raised = []

    def sleep(self, seconds):
        self.sleeps.append(_number(seconds))

    def make_fetch(self):
        world = self

        def fetch(*args, **kwargs):
            """Fetch a resource from a flaky service."""
            world.attempts += 1
            world.seen.append((list(args), dict(kwargs)))
            if world.position < len(world.script):
                step = world.script[world.position]
                world.position += 1
            else:
                step = {"return": "done"}
            if "raise" in step:
                error = _EXCEPTIONS[step["raise"]](step.get("message", ""))
                world.raised.append(error)
                raise error
            return {"value": step["return"], "args": list(args), "kwargs": dict(kwargs)}

        fetch.__module__ = "service.client"
        fetch.__qualname__ = "client.fetch"
        return fetch


def _exceptions(spec):
    if isinstance(spec, list):
        return tuple(_EXCEPTIONS[name] for name in spec)
    return _EXCEPTIONS[spec]


def _factory(solution, case_input, world):
    kwargs = {"sleep": world.sleep}
    if "exceptions" in case_input:
        kwargs["exceptions"] = _exceptions(case_input["exceptions"])
    return solution.retry(case_input["times"], case_input["base_delay"], **kwargs)


def _check_calls(solution, case_input):
    world = _World(case_input.get("script", []))
    decorated = _factory(solution, case_input, world)(world.make_fetch())
    outcomes = []
    for call in case_input.get("calls", [{}]):
        args = list(call.get("args", []))
        kwargs = dict(call.get("kwargs", {}))
        attempts_before = world.attempts
        sleeps_before = len(world.sleeps)
        seen_before = len(world.seen)
        try:
            result = decorated(*args, **kwargs)
        except (Exception, Cancelled) as error:  # noqa: BLE001 - reported as data
            outcome = {"raised": {"type": type(error).__name__, "message": _message(error),
                                  "is_last": bool(world.raised) and error is world.raised[-1]}}
        else:
            outcome = {"result": _plain(result)}
        outcome["attempts"] = world.attempts - attempts_before
        outcome["sleeps"] = world.sleeps[sleeps_before:]
        outcome["args_ok"] = all(seen == (args, kwargs) for seen in world.seen[seen_before:])
        outcomes.append(outcome)
    return {"outcomes": outcomes}


def _check_large(solution, case_input):
    count = 0
    sleeps = []

    def fake_sleep(seconds):
        sleeps.append(seconds)

    state = {"fail_left": 0}

    def work(n):
        """A function that fails now and then."""
        nonlocal count
        count += 1
        if state["fail_left"] > 0:
            state["fail_left"] -= 1
            raise TransientError("try again")
        return n

    decorated = solution.retry(case_input["times"], case_input["base_delay"],
                               exceptions=(TransientError,), sleep=fake_sleep)(work)
    calls = case_input["calls"]
    fail_every = case_input["fail_every"]
    failures = case_input["failures"]
    ok = raised = 0
    for n in range(1, calls + 1):
        if case_input.get("exhaust_last") and n == calls:
            state["fail_left"] = case_input["times"]
        elif n % fail_every == 0:
            state["fail_left"] = failures
        else:
            state["fail_left"] = 0
        try:
            result = decorated(n)
        except TransientError:
            raised += 1
        else:
            if type(result) is int and result == n:
                ok += 1
    total = 0.0
    for seconds in sleeps:
        value = _number(seconds)
        total += value if type(value) is float else float("nan")
    return {"ok": ok, "raised": raised, "attempts": count, "sleeps": len(sleeps),
            "sleep_sum": total}


def _check_metadata(solution, case_input):
    world = _World([])
    original = world.make_fetch()
    decorated = _factory(solution, case_input, world)(original)
    missing = object()
    wrapped = getattr(decorated, "__wrapped__", missing)
    return {
        "callable": callable(decorated),
        "name": _plain(getattr(decorated, "__name__", None)),
        "qualname": _plain(getattr(decorated, "__qualname__", None)),
        "module": _plain(getattr(decorated, "__module__", None)),
        "doc": _plain(getattr(decorated, "__doc__", None)),
        "wrapped_is_func": wrapped is original,
        "attempts": world.attempts,
    }


def _check_factory(solution, case_input):
    world = _World([])
    try:
        solution.retry(case_input["times"], case_input["base_delay"], sleep=world.sleep)
    except Exception as error:  # noqa: BLE001 - reported as data
        return {"raised": type(error).__name__}
    return {"raised": None}


_CHECKS = {
    "calls": _check_calls,
    "large": _check_large,
    "metadata": _check_metadata,
    "factory": _check_factory,
}


def run(solution, case_input):
    real_sleep = time.sleep
    real_calls = []

    def no_real_sleep(seconds):
        real_calls.append(seconds)

    time.sleep = no_real_sleep
    try:
        result = _CHECKS[case_input.get("check", "calls")](solution, case_input)
    finally:
        time.sleep = real_sleep
    if isinstance(result, dict) and "outcomes" in result:
        result["time_sleep_calls"] = len(real_calls)
    return result
