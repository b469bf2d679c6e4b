"""Custom harness for the base62-short-ids challenge.

Input schema (``case_input`` is a dict), one of:

  {"ops": [OP, ...]}
      OP = ["encode", n] | ["decode", s]
         | ["shorten", url] | ["shorten", url, alias] | ["resolve", code]
      One Shortener() is created before the first "shorten"/"resolve" and kept for the
      whole list.
      -> {"results": [...]}: one entry per operation, the value it returned, or
         {"raised": TYPE} when it raised (TYPE is the exception's class name).

  {"roundtrip": {"n": N, "seed": S, "bits": B}}
      Encodes 0..99, then N ints drawn with random.Random(S).getrandbits(b) for b in
      [1, B], and decodes every code.
      -> {"count": N + 100, "canonical": codes use only the alphabet, no leading zero,
          "roundtrip": decode(encode(x)) == x for all, "order": a larger number never gets a
          shorter code, "sha256": first 16 hex digits of sha256 of the codes joined by ","}

  {"bulk": {"links": N, "aliases": A, "seed": S}}
      A Shortener gets A custom aliases (random alphabet strings of 1-3 characters, some
      of them equal to codes the counter will reach), interleaved at random with N plain
      shorten() calls; then every code is resolved.
      -> {"taken": aliases refused with AliasTaken, "distinct": all codes differ,
          "resolve_ok": every code resolves to its own url,
          "sha256": first 16 hex digits of sha256 of the generated codes joined by ","}

Only plain data built by the harness leaves ``run``.
"""

import hashlib
import random

ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _plain(value):
    kind = type(value)
    if value is None or kind in (bool, int, str):
        return value
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return int.__int__(value)
    return "<%s object>" % kind.__name__


def _ops(solution, ops):
    shortener = None
    results = []
    for op in ops:
        name = op[0]
        try:
            if name == "encode":
                value = solution.encode(op[1])
            elif name == "decode":
                value = solution.decode(op[1])
            else:
                if shortener is None:
                    shortener = solution.Shortener()
                if name == "shorten":
                    value = shortener.shorten(*op[1:])
                elif name == "resolve":
                    value = shortener.resolve(op[1])
                else:
                    raise AssertionError("unknown op %r" % (name,))
            results.append(_plain(value))
        except Exception as error:  # noqa: BLE001 - reported as an observation
            results.append({"raised": type(error).__name__})
    return {"results": results}


def _digest(codes):
    text = ",".join(code if type(code) is str else repr(code) for code in codes)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _roundtrip(solution, spec):
    rng = random.Random(spec["seed"])
    numbers = list(range(100))
    numbers += [rng.getrandbits(rng.randint(1, spec["bits"])) for _ in range(spec["n"])]
    codes = [_plain(solution.encode(number)) for number in numbers]
    canonical = all(
        type(code) is str and code != "" and all(c in ALPHABET for c in code)
        and (code == "0" or code[0] != "0")
        for code in codes
    )
    roundtrip = all(solution.decode(code) == number for code, number in zip(codes, numbers))
    pairs = sorted(zip(numbers, codes))
    order = all(len(str(a[1])) <= len(str(b[1])) for a, b in zip(pairs, pairs[1:]))
    return {"count": len(numbers), "canonical": canonical, "roundtrip": roundtrip,
            "order": order, "sha256": _digest(codes)}


def _bulk(solution, spec):
    rng = random.Random(spec["seed"])
    shortener = solution.Shortener()
    plan = ["link"] * spec["links"] + ["alias"] * spec["aliases"]
    rng.shuffle(plan)
    owners = {}
    generated = []
    taken = 0
    for index, step in enumerate(plan):
        url = "https://example.com/%d" % index
        if step == "link":
            code = _plain(shortener.shorten(url))
            generated.append(code)
        else:
            alias = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 3)))
            try:
                code = _plain(shortener.shorten(url, alias))
            except Exception as error:  # noqa: BLE001 - only AliasTaken is counted
                if type(error).__name__ != "AliasTaken":
                    raise
                taken += 1
                continue
        owners.setdefault(code, []).append(url)
    distinct = all(len(urls) == 1 for urls in owners.values())
    resolve_ok = all(shortener.resolve(code) == urls[-1] for code, urls in owners.items())
    return {"taken": taken, "distinct": distinct, "resolve_ok": resolve_ok,
            "sha256": _digest(generated)}


def run(solution, case_input):
    if "ops" in case_input:
        return _ops(solution, case_input["ops"])
    if "roundtrip" in case_input:
        return _roundtrip(solution, case_input["roundtrip"])
    return _bulk(solution, case_input["bulk"])
