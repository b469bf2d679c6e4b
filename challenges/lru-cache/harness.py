"""Custom harness for the lru-cache challenge.

Input schema (``case_input`` is a dict), one of:

  {"capacity": C, "ops": [OP, ...]}
      OP = ["put", key, value] | ["get", key] | ["len"]
      Replays the operations on LRUCache(C).
      -> {"results": [...]}: one entry per "get" (the value returned) and per "len"
         (len(cache)), in order; "put" adds nothing. An exception raised by an operation
         is recorded as {"raised": TYPE} in place of its result.

  {"capacity": C, "random": {"n": N, "seed": S, "keys": K, "get_ratio": P,
                             "pattern": "uniform" | "skewed" | "cycle",
                             "aside": BOOL, "output": "full" | "digest"}}
      Generates N operations with random.Random(S): each is a get with probability P,
      otherwise put(key, i) where i is the operation's index. With "aside": true (the
      cache-aside pattern) every operation is instead a get, followed by put(key, i) when
      the get missed. Keys are ints in [0, K):
        uniform  every key equally likely
        skewed   key = int(K * u**3) for a uniform u in [0, 1): a few hot keys
        cycle    keys 0, 1, ..., K-1, 0, 1, ... in turn (gets and puts alike)
      -> "full":   {"results": [every get's value], "len": final len(cache)}
         "digest": {"gets": number of gets, "hits": gets that did not return -1,
                    "len": final len(cache),
                    "sha256": first 16 hex digits of sha256 of the JSON list of get results}

Everything returned is rebuilt from built-in types (``_plain``).
"""

import hashlib
import json
import random

_MAX_DEPTH = 40


def _plain(value, depth=0):
    if depth > _MAX_DEPTH:
        return "<too deep>"
    if value is None or isinstance(value, bool):
        return None if value is None else bool(value)
    if isinstance(value, int):
        return int.__int__(value)
    if isinstance(value, float):
        return float.__float__(value)
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, list):
        return [_plain(item, depth + 1) for item in list.__iter__(value)]
    if isinstance(value, tuple):
        return tuple(_plain(item, depth + 1) for item in tuple.__iter__(value))
    if isinstance(value, dict):
        return {_plain(k, depth + 1): _plain(v, depth + 1) for k, v in dict.items(value)}
    return "<object %s>" % type(value).__name__


def _replay(cache, ops):
    results = []
    for op in ops:
        try:
            if op[0] == "put":
                cache.put(op[1], op[2])
            elif op[0] == "get":
                results.append(_plain(cache.get(op[1])))
            elif op[0] == "len":
                results.append(_plain(len(cache)))
            else:
                raise AssertionError("unknown op %r" % (op[0],))
        except Exception as error:  # noqa: BLE001 - reported as an observation
            if op[0] != "put":
                results.append({"raised": type(error).__name__})
            else:
                results.append({"raised": type(error).__name__, "op": "put"})
    return {"results": results}


def _random(cache, spec):
    n = spec["n"]
    keys = spec["keys"]
    get_ratio = spec.get("get_ratio", 0.0)
    aside = spec.get("aside", False)
    pattern = spec.get("pattern", "uniform")
    rng = random.Random(spec["seed"])
    rand = rng.random
    get = cache.get
    put = cache.put
    results = []
    append = results.append
    for i in range(n):
        if pattern == "uniform":
            key = int(rand() * keys)
        elif pattern == "skewed":
            key = int(keys * rand() ** 3)
        else:
            key = i % keys
        if aside:
            value = get(key)
            append(value)
            if value == -1:
                put(key, i)
        elif rand() < get_ratio:
            append(get(key))
        else:
            put(key, i)
    results = _plain(results)
    length = _plain(len(cache))
    if spec.get("output", "digest") == "full":
        return {"results": results, "len": length}
    text = json.dumps(results, separators=(",", ":"))
    return {
        "gets": len(results),
        "hits": sum(1 for value in results if value != -1),
        "len": length,
        "sha256": hashlib.sha256(text.encode()).hexdigest()[:16],
    }


def run(solution, case_input):
    cache = solution.LRUCache(case_input["capacity"])
    if "ops" in case_input:
        return _replay(cache, case_input["ops"])
    return _random(cache, case_input["random"])
