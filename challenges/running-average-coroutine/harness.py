"""Custom harness for the running-average-coroutine challenge.

Input schema (``case_input`` is a dict):

    {"on_done": bool,          optional: call averager(on_done=callback) instead of averager()
     "ops": [OP, ...]}         run these operations in order, or
    {"on_done": bool, "large": {"n": int, "seed": int, "reset_every": int}}
                               prime, send n seeded numbers (ints and floats; "reset" before
                               every reset_every-th number if reset_every > 0), then send None

  OP is one of
    "prime"            next(avg)
    {"send": VALUE}    avg.send(VALUE)   (a number, "reset" or null)
    "close"            avg.close()

Returns (ops) {"events": [EVENT, ...]} in chronological order, where EVENT is
    {"yielded": value}         what the operation's next()/send() returned
    {"returned": value}        StopIteration was raised; value is its .value
    {"raised": "TypeName"}     any other exception escaped the operation
    "closed"                   close() returned normally
    {"on_done": [count, average]}   the callback was called (during the operation that
                               precedes its result in the list)
Returns (large) {"sent": n, "yielded_floats": bool (every average was a float),
    "last": the last average, "checksum": the sum of all averages, "min", "max",
    "final": the StopIteration value of send(None), "on_done": [[count, average], ...]}

Tuples (and namedtuples) become tuples, other candidate objects "<TypeName object>".
Calls of the callback after run() has collected its observations (e.g. when the
generator is garbage-collected) are ignored.
"""

import random


def _plain(value, depth=0):
    if depth > 20:
        return "<too deep>"
    if value is None or type(value) in (bool, int, float, str):
        return value
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):
        return int.__int__(value)
    if isinstance(value, float):
        return float.__float__(value)
    if isinstance(value, tuple):
        return tuple(_plain(item, depth + 1) for item in tuple.__iter__(value))
    if isinstance(value, list):
        return [_plain(item, depth + 1) for item in list.__iter__(value)]
    return "<%s object>" % type(value).__name__


def _make(solution, with_callback, sink):
    state = {"recording": True}

    def on_done(count, average):
        if state["recording"]:
            sink.append({"on_done": [_plain(count), _plain(average)]})

    if with_callback:
        avg = solution.averager(on_done=on_done)
    else:
        avg = solution.averager()
    return avg, state


def _step(avg, op):
    """Run one operation; return its result event."""
    try:
        if op == "prime":
            return {"yielded": _plain(next(avg))}
        if op == "close":
            avg.close()
            return "closed"
        return {"yielded": _plain(avg.send(op["send"]))}
    except StopIteration as stop:
        return {"returned": _plain(stop.value)}
    except Exception as exc:  # noqa: BLE001 - reported as an observation
        return {"raised": type(exc).__name__}


def _numbers(spec):
    rng = random.Random(spec["seed"])
    out = []
    every = spec.get("reset_every", 0)
    for i in range(spec["n"]):
        if every and i and i % every == 0:
            out.append("reset")
        if rng.random() < 0.5:
            out.append(rng.randint(-1000, 1000))
        else:
            out.append(rng.randint(-100000, 100000) / 100)
    return out


def run(solution, case_input):
    events = []
    avg, state = _make(solution, case_input.get("on_done", False), events)

    if "large" in case_input:
        spec = case_input["large"]
        values = _numbers(spec)
        result = {"sent": spec["n"]}
        first = _step(avg, "prime")
        if first != {"yielded": None}:
            state["recording"] = False
            return {"sent": spec["n"], "error": "priming gave %r" % (first,)}
        all_float = True
        checksum = 0.0
        low = high = last = None
        for value in values:
            try:
                got = avg.send(value)
            except Exception as exc:  # noqa: BLE001 - reported as an observation
                state["recording"] = False
                return {"sent": spec["n"], "error": "send(%r) raised %s"
                        % (value, type(exc).__name__)}
            if value == "reset":
                continue
            if type(got) is not float:
                all_float = False
                got = float(got) if isinstance(got, (int, float)) else 0.0
            checksum += got
            low = got if low is None else min(low, got)
            high = got if high is None else max(high, got)
            last = got
        final = _step(avg, {"send": None})
        state["recording"] = False
        result.update({"yielded_floats": all_float, "last": last, "checksum": checksum,
                       "min": low, "max": high, "final": final,
                       "on_done": [e["on_done"] for e in events]})
        return result

    for op in case_input["ops"]:
        events.append(_step(avg, op))
    state["recording"] = False
    return {"events": list(events)}
