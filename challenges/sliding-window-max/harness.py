"""Custom harness for the sliding-window-max challenge.

Input schema (``case_input`` is a dict with exactly one of these shapes):

    {"nums": [int, ...], "k": int}
        calls sliding_window_max(nums, k) on a fresh copy of the list
        -> {"result": [int, ...], "input_unchanged": bool}

    {"generate": {"pattern": PATTERN, "n": int, "k": int, "seed": int,
                  "low": int, "high": int}}
        builds a large list of n ints in [low, high] from the seed (see ``_generate``)
        and calls sliding_window_max(nums, k)
        -> {"count": int, "first": [5 ints], "last": [5 ints], "checksum": str,
            "input_unchanged": bool}
      PATTERN: "random" (uniform), "increasing" / "decreasing" (the same values,
      sorted), "few" (uniform, meant for a tiny [low, high] with many equal values).

Whatever the shape, an exception raised by the candidate is reported as data,
{"raised": "ValueError"} for any ValueError (subclasses included) and
{"raised": "<type name>"} for anything else, so that a wrong exception is a wrong answer
rather than a crash. A result that is not a list (or tuple) of ints is reported as
{"error": ...}. ``input_unchanged`` is true when ``nums`` still holds the same values.
Everything returned is rebuilt from plain ints and lists.
"""

import hashlib
import random
import struct


def _u32(seed, count):
    """``count`` seeded pseudo-random unsigned 32-bit ints (stable across Python versions)."""
    data = random.Random(seed).randbytes(4 * count)
    return struct.unpack("<%dI" % count, data)


def _generate(spec):
    n = spec["n"]
    low = spec["low"]
    size = spec["high"] - low + 1
    nums = [low + x % size for x in _u32(spec["seed"], n)]
    pattern = spec["pattern"]
    if pattern in ("random", "few"):
        return nums
    if pattern == "increasing":
        return sorted(nums)
    if pattern == "decreasing":
        return sorted(nums, reverse=True)
    raise ValueError("unknown pattern %r" % (pattern,))


def _checksum(values):
    """First 16 hex digits of the SHA-256 of the repr of the whole (plain) result."""
    return hashlib.sha256(repr(values).encode("ascii")).hexdigest()[:16]


def _call(solution, nums, k):
    """Return (failure observation, None) or (None, (plain result, input_unchanged))."""
    before = list(nums)
    try:
        result = solution.sliding_window_max(nums, k)
    except ValueError:
        return {"raised": "ValueError"}, None
    except Exception as error:  # noqa: BLE001 - reported as an observation
        return {"raised": type(error).__name__}, None
    unchanged = type(nums) is list and nums == before
    if type(result) not in (list, tuple):
        return {"error": "result is a %s, not a list" % type(result).__name__,
                "input_unchanged": unchanged}, None
    if not {type(x) for x in result} <= {int}:
        return {"error": "the result holds something that is not an int",
                "input_unchanged": unchanged}, None
    return None, ([int(x) for x in result], unchanged)


def run(solution, case_input):
    if "generate" in case_input:
        spec = case_input["generate"]
        failure, ok = _call(solution, _generate(spec), spec["k"])
        if failure is not None:
            return failure
        values, unchanged = ok
        return {
            "count": len(values),
            "first": values[:5],
            "last": values[-5:],
            "checksum": _checksum(values),
            "input_unchanged": unchanged,
        }

    failure, ok = _call(solution, list(case_input["nums"]), case_input["k"])
    if failure is not None:
        return failure
    values, unchanged = ok
    return {"result": values, "input_unchanged": unchanged}
