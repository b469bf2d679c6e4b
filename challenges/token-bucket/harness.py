"""Custom harness for the token-bucket challenge.

Input schema (``case_input`` is a dict):

    {"mode": "bucket" | "limiter",    TokenBucket or RateLimiter (default "bucket")
     "rate": R, "capacity": C,        constructor arguments (numbers)
     "start": T,                      the fake clock's time when the object is built
                                      (default 0.0)
     "ops": [OP, ...]}                or "random" (below)

    bucket mode:   OP = ["advance", seconds] | ["allow"] | ["allow", cost] | ["available"]
    limiter mode:  OP = ["advance", seconds] | ["allow", key] | ["allow", key, cost]
                      | ["available", key]
    -> {"results": [...]}: one entry per "allow" (its bool) and per "available" (its value
       as a float), in order. An exception raised by an operation is recorded as
       {"raised": TYPE} in its place.

    "random": {"n": N, "seed": S, "steps": [seconds, ...], "costs": [cost, ...],
               "keys": [key, ...]}            ("keys" in limiter mode only)
    Generates N operations with random.Random(S): advance the clock by rng.choice(steps),
    then allow(rng.choice(costs)) (limiter: allow(rng.choice(keys), cost)).
    -> {"allowed": "1011...", one character per allow, "count": number of "1",
        "available": the final available() (limiter: {key: available(key)} for "keys")}

The constructors are given the harness's ``clock`` (returns the fake time, a float). The
fake clock only moves on "advance". Everything returned is rebuilt from built-in types.
"""

import random


class _Clock:
    def __init__(self, start):
        self.now = float(start)

    def __call__(self):
        return self.now


def _number(value):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return "<not a number: %s>" % type(value).__name__
    return float(value)


def _flag(value):
    if isinstance(value, bool):
        return bool(value)
    return "<not a bool: %s>" % type(value).__name__


def _replay(obj, ops, clock, limiter):
    results = []
    for op in ops:
        name = op[0]
        if name == "advance":
            clock.now = float(clock.now + op[1])
            continue
        try:
            if name == "allow":
                results.append(_flag(obj.allow(*op[1:])))
            elif name == "available":
                results.append(_number(obj.available(*op[1:])))
            else:
                raise AssertionError("unknown op %r" % (name,))
        except Exception as error:  # noqa: BLE001 - reported as an observation
            results.append({"raised": type(error).__name__})
    return {"results": results}


def _random(obj, spec, clock, limiter):
    rng = random.Random(spec["seed"])
    steps, costs = spec["steps"], spec["costs"]
    keys = spec.get("keys", [])
    bits = []
    for _ in range(spec["n"]):
        clock.now = float(clock.now + rng.choice(steps))
        cost = rng.choice(costs)
        if limiter:
            allowed = obj.allow(rng.choice(keys), cost)
        else:
            allowed = obj.allow(cost)
        bits.append("1" if allowed is True else "0" if allowed is False else "?")
    if limiter:
        available = {str(key): _number(obj.available(key)) for key in keys}
    else:
        available = _number(obj.available())
    text = "".join(bits)
    return {"allowed": text, "count": text.count("1"), "available": available}


def run(solution, case_input):
    clock = _Clock(case_input.get("start", 0.0))
    limiter = case_input.get("mode", "bucket") == "limiter"
    cls = solution.RateLimiter if limiter else solution.TokenBucket
    obj = cls(case_input["rate"], case_input["capacity"], clock)
    if "random" in case_input:
        return _random(obj, case_input["random"], clock, limiter)
    return _replay(obj, case_input["ops"], clock, limiter)
