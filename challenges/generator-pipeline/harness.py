"""Custom harness for the generator-pipeline challenge.

Input schema (``case_input`` is a dict):

    {"stage": "parse" | "select" | "rolling_sum" | "batched" | "pipeline",
     "source": SOURCE,
     "args": [...],          the stage's other arguments, after the source:
                               select [name], rolling_sum [k], batched [n],
                               pipeline [name, k, n]
     "reiterable": bool,     optional: the source is list-like (every iter() starts a new
                               pass) instead of a one-shot iterator (default)
     "pull": int,            optional: request at most this many outputs (default: all)
     "summary": bool}        optional: report digests instead of the outputs

  SOURCE is one of
    [item, ...]                                      these items (str lines or ints or
                                                     ["name", value] records -> tuples)
    {"count_from": int}                              endless: start, start + 1, ...
    {"ints": {"n", "seed", "lo", "hi"}}              n seeded random ints in [lo, hi]
    {"log": {"n", "seed", "names": [..], "weights": [..]}}
                                                     n seeded log lines (see _log_lines)

Every item the stage takes from the source is counted ("pulled").

Returns
    {"outputs": [...],           converted to plain data only after the last request, so a
                                 yielded list that is later mutated shows its final state
     (or "summary": {"count", "sha256", "pulls_sha256"} when summary is set),
     "pulled_at_call": int,      items pulled by the call itself, before any next()
     "pulls": [int, ...],        total items pulled right after each output was produced
     "end": bool,                StopIteration was reached
     "end_pulls": int | null,    total items pulled when StopIteration was reached
     "error": null | "TYPE: message"}   an exception escaping the stage
An iterator that produces more outputs than the source can justify is stopped and
reported in "error".
"""

import hashlib
import json
import random


class _Counter:
    def __init__(self):
        self.pulled = 0


class _CountingIterator:
    """A one-shot iterator over ``items`` (a list, or None for count_from)."""

    def __init__(self, items, counter, start=0):
        self._items = items
        self._counter = counter
        self._i = 0
        self._start = start

    def __iter__(self):
        return self

    def __next__(self):
        if self._items is None:
            value = self._start + self._i
        elif self._i < len(self._items):
            value = self._items[self._i]
        else:
            raise StopIteration
        self._i += 1
        self._counter.pulled += 1
        return value


class _CountingIterable:
    """List-like: every iter() starts a fresh pass (pulls are still counted)."""

    def __init__(self, items, counter):
        self._items = items
        self._counter = counter

    def __iter__(self):
        return _CountingIterator(self._items, self._counter)


def _log_lines(spec):
    """Seeded log lines: mostly "name,value", with comments, blanks and odd spacing."""
    rng = random.Random(spec["seed"])
    names = spec.get("names", ["cpu", "mem", "disk", "net"])
    weights = spec.get("weights")
    lines = []
    chosen = rng.choices(names, weights=weights, k=spec["n"])
    for name in chosen:
        r = rng.random()
        value = rng.randint(-1000, 1000)
        if r < 0.05:
            lines.append("# sample %d\n" % value)
        elif r < 0.08:
            lines.append("\n")
        elif r < 0.15:
            lines.append("  %s , %d \r\n" % (name, value))
        else:
            lines.append("%s,%d\n" % (name, value))
    return lines


def _source_items(source):
    if isinstance(source, list):
        return [tuple(item) if isinstance(item, list) else item for item in source]
    if "count_from" in source:
        return None
    if "ints" in source:
        spec = source["ints"]
        rng = random.Random(spec["seed"])
        return [rng.randint(spec["lo"], spec["hi"]) for _ in range(spec["n"])]
    return _log_lines(source["log"])


def _plain(value, depth=0):
    if depth > 50:
        return "<too deep>"
    kind = type(value)
    if value is None or kind in (bool, int, float, str):
        return value
    if kind is list:
        return [_plain(item, depth + 1) for item in value]
    if kind is tuple:
        return tuple(_plain(item, depth + 1) for item in value)
    return "<%s object>" % kind.__name__


def _error_text(error):
    try:
        message = str(error)
    except Exception:  # noqa: BLE001
        message = "<unprintable>"
    if type(message) is not str:
        message = "<unprintable>"
    return "%s: %s" % (type(error).__name__, message)


def _digest(data):
    text = json.dumps(data, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def run(solution, case_input):
    stage = case_input["stage"]
    spec = case_input["source"]
    items = _source_items(spec)
    start = spec["count_from"] if items is None else 0
    counter = _Counter()
    if case_input.get("reiterable"):
        source = _CountingIterable(items, counter)
    else:
        source = _CountingIterator(items, counter, start)
    args = list(case_input.get("args", []))
    func = getattr(solution, stage)

    pull = case_input.get("pull")
    # No correct stage produces more outputs than the source has items (+1 for slack).
    if pull is not None:
        cap = pull
    else:
        cap = len(items) + 1 if items is not None else 10 ** 6

    out = {}
    raw = []
    pulls = []
    end = False
    end_pulls = None
    error = None
    try:
        result = func(source, *args)
        pulled_at_call = counter.pulled
        iterator = iter(result)
    except Exception as exc:  # noqa: BLE001 - reported as an observation
        pulled_at_call = counter.pulled
        error = _error_text(exc)
    else:
        while len(raw) < cap:
            try:
                item = next(iterator)
            except StopIteration:
                end = True
                end_pulls = counter.pulled
                break
            except Exception as exc:  # noqa: BLE001 - reported as an observation
                error = _error_text(exc)
                break
            raw.append(item)
            pulls.append(counter.pulled)
        else:
            if pull is None:
                error = "more outputs than the source has items: stopped after %d" % cap

    outputs = [_plain(item) for item in raw]
    if case_input.get("summary"):
        out["summary"] = {"count": len(outputs), "sha256": _digest(outputs),
                          "pulls_sha256": _digest(pulls)}
    else:
        out["outputs"] = outputs
        out["pulls"] = pulls
    out["pulled_at_call"] = pulled_at_call
    out["end"] = end
    out["end_pulls"] = end_pulls
    out["error"] = error
    return out
