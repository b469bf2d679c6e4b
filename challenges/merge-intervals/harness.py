"""Custom harness for the merge-intervals challenge.

Input schema (``case_input`` is a dict with exactly one of these keys):

    {"intervals": [[start, end], ...]}
        calls merge_intervals on a fresh copy of the list
        -> {"result": [[start, end], ...], "input_unchanged": bool}

    {"generate": {"shape": SHAPE, "n": int, "seed": int, ...shape options}}
        builds a large input from the seed (see ``_generate``), calls merge_intervals
        -> {"count": int, "first": [[s, e], ...3], "last": [[s, e], ...3],
            "checksum": str, "input_unchanged": bool}

  SHAPE (every generated list is in a seeded random order unless said otherwise):
    "random"   n intervals, start uniform in [0, span), length uniform in [0, max_len]
    "chain"    n intervals that tile [0, ...) end to end ([a, b], [b, c], ...); after
               every ``run`` intervals the next one starts one unit later (a gap of 1),
               so touching intervals merge and gapped ones do not
    "nested"   one interval [0, span] plus n - 1 random intervals inside it
    "sorted"   n disjoint intervals, already sorted by start (gaps of at least 1)

``input_unchanged`` is true when the candidate left the list it was given, and every
[start, end] in it, exactly as it was. A result that is not a list of two-int lists or
tuples, or an exception raised by the candidate, is reported as data ({"error": ...} or
{"raised": type name}) so that it is a wrong answer, not a crash. Everything returned is
rebuilt from plain ints and lists.
"""

import hashlib
import itertools
import random
import struct


def _u32(seed, count):
    """``count`` seeded pseudo-random unsigned 32-bit ints (stable across Python versions)."""
    data = random.Random(seed).randbytes(4 * count)
    return struct.unpack("<%dI" % count, data)


def _shuffled(pairs, seed):
    keys = _u32(seed ^ 0x5EED, len(pairs))
    order = sorted(range(len(pairs)), key=keys.__getitem__)
    return [pairs[i] for i in order]


def _generate(spec):
    shape = spec["shape"]
    n = spec["n"]
    seed = spec["seed"]
    if shape == "random":
        span = spec["span"]
        max_len = spec["max_len"]
        raw = _u32(seed, 2 * n)
        starts = [x % span for x in raw[:n]]
        lengths = [x % (max_len + 1) for x in raw[n:]]
        return [[s, s + d] for s, d in zip(starts, lengths)]
    if shape == "chain":
        run = spec["run"]
        # step i moves the position by its length, plus 1 (the gap) when i % run == 0
        steps = [x % 50 for x in _u32(seed, n)]
        gaps = [1 if i and i % run == 0 else 0 for i in range(n)]
        starts = list(itertools.accumulate(g + s for g, s in zip(gaps, [0] + steps[:-1])))
        pairs = [[a, a + s] for a, s in zip(starts, steps)]
        return _shuffled(pairs, seed)
    if shape == "nested":
        span = spec["span"]
        raw = [x % (span + 1) for x in _u32(seed, 2 * (n - 1))]
        pairs = [[0, span]]
        pairs += [[a, b] if a <= b else [b, a] for a, b in zip(raw[0::2], raw[1::2])]
        return _shuffled(pairs, seed)
    if shape == "sorted":
        # start_i = end_(i-1) + 1 + a_i, end_i = start_i + b_i
        raw = _u32(seed, 2 * n)
        a = [x % 3 for x in raw[:n]]
        b = [x % 4 for x in raw[n:]]
        starts = list(itertools.accumulate(
            (1 + ai + bp for ai, bp in zip(a, [0] + b[:-1])), initial=-(10 ** 9)))[1:]
        return [[s, s + bi] for s, bi in zip(starts, b)]
    raise ValueError("unknown shape %r" % (shape,))


def _normalize(result):
    """Rebuild the candidate's result as a list of [int, int], or return an error string."""
    if type(result) not in (list, tuple):
        return None, "result is a %s, not a list" % type(result).__name__
    if not {type(item) for item in result} <= {list, tuple}:
        return None, "an item of the result is not a [start, end] list"
    if any(len(item) != 2 for item in result):
        return None, "an item of the result is not a [start, end] pair"
    out = [[start, end] for start, end in result]
    if not {type(start) for start, _ in out} | {type(end) for _, end in out} <= {int}:
        return None, "an item of the result does not hold two ints"
    return out, None


def _call(solution, intervals):
    before = list(map(tuple, intervals))
    outer = list(intervals)
    try:
        result = solution.merge_intervals(intervals)
    except Exception as error:  # noqa: BLE001 - reported as an observation
        return {"raised": type(error).__name__}, None
    # the same list, holding the same [start, end] list objects, with the same values
    unchanged = (
        type(intervals) is list
        and list(map(id, intervals)) == list(map(id, outer))
        and list(map(tuple, outer)) == before
    )
    merged, error = _normalize(result)
    if error is not None:
        return {"error": error, "input_unchanged": unchanged}, None
    return None, (merged, unchanged)


def _checksum(merged):
    """First 16 hex digits of the SHA-256 of the repr of the whole (plain) result."""
    return hashlib.sha256(repr(merged).encode("ascii")).hexdigest()[:16]


def run(solution, case_input):
    if "intervals" in case_input:
        intervals = [list(pair) for pair in case_input["intervals"]]
        failure, ok = _call(solution, intervals)
        if failure is not None:
            return failure
        merged, unchanged = ok
        return {"result": merged, "input_unchanged": unchanged}

    intervals = _generate(case_input["generate"])
    failure, ok = _call(solution, intervals)
    if failure is not None:
        return failure
    merged, unchanged = ok
    return {
        "count": len(merged),
        "first": merged[:3],
        "last": merged[-3:],
        "checksum": _checksum(merged),
        "input_unchanged": unchanged,
    }
