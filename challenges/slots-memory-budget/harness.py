"""Custom harness for the slots-memory-budget challenge.

Input schema (``case_input`` is a dict): {"ops": [OP, ...]}. Readings are named; the
harness keeps them in its own table.

  OP = ["make", name, [sensor_id, timestamp, value]]   Reading(*args); records nothing
     | ["make_kw", name, {field: value}]               Reading(**kwargs); records nothing
     | ["fields", name]        -> [r.sensor_id, r.timestamp, r.value]
     | ["repr", name]          -> repr(r)
     | ["eq", a, b]            -> [a == b, a != b]
     | ["eq_tuple", name]      -> r == (sensor_id, timestamp, value)
     | ["hash_eq", a, b]       -> hash(a) == hash(b)
     | ["distinct", [names]]   -> len(set(readings))
     | ["has_dict", name]      -> hasattr(r, "__dict__")
     | ["set", name, attr, v]  -> "ok" if setattr(r, attr, v) succeeded, "refused" if it
                                  raised (any exception: a frozen dataclass with slots
                                  raises TypeError for a new attribute on Python 3.11)
     | ["pickle", name]        -> for protocols 2 .. HIGHEST: whether loads(dumps(r)) is a
                                  Reading equal to r with the same fields
     | ["copy", name]          -> [copy.copy ok, copy.deepcopy ok] (same test)
     | ["budget_record", n]    -> {"within_budget": bool}: n Readings built from values the
                                  harness made beforehand, their traced memory (tracemalloc)
                                  at most 1.25 x that of n instances of the harness's own
                                  three-slot class built the same way
     | ["log_new"]             ReadingLog(); records nothing
     | ["log_append", name]    log.append(r); records nothing
     | ["log_len"]             -> len(log)
     | ["log_get", index]      -> the fields of log[index]
     | ["log_mean", sensor]    -> log.mean_value(sensor) rounded to 6 places (None stays None)
     | ["log_budget", n, sensors, seed]
                               -> a new ReadingLog gets n readings (random.Random(seed):
                                  sensor in [0, sensors), increasing timestamps, values
                                  with 2 decimals), each Reading made just before its
                                  append and dropped after it. {"within_budget": the log's
                                  traced memory at most 1.5 x that of three array.array
                                  columns ("q", "q", "d") filled the same way, "len",
                                  "first", "last": fields, "means": [mean of sensor 0, 1, 2]}

Any op whose call raises records {"error": exception type name} instead. Only plain data
built here leaves ``run``.
"""

import array
import copy
import gc
import pickle
import random
import tracemalloc

_RECORD_RATIO = 1.25
_LOG_RATIO = 1.5


def _plain(value, depth=0):
    if depth > 20:
        return "<too deep>"
    kind = type(value)
    if value is None or kind in (bool, int, float, str):
        return value
    if kind in (list, tuple):
        return [_plain(item, depth + 1) for item in value]
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):
        return int.__int__(value)
    if isinstance(value, float):
        return float.__float__(value)
    if isinstance(value, str):
        return str.__str__(value)
    return "<%s object>" % kind.__name__


def _fields(reading):
    return _plain([reading.sensor_id, reading.timestamp, reading.value])


class _Baseline:
    __slots__ = ("sensor_id", "timestamp", "value")

    def __init__(self, sensor_id, timestamp, value):
        self.sensor_id = sensor_id
        self.timestamp = timestamp
        self.value = value


def _traced(build):
    """The traced memory still held by what ``build`` returns."""
    gc.collect()
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        kept = build()
        gc.collect()
        after, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del kept
    return after - before


def _budget_record(solution, n):
    rng = random.Random(n)
    values = [(rng.randrange(1000), 1_700_000_000 + i, rng.randrange(10 ** 6) / 100)
              for i in range(n)]
    baseline = _traced(lambda: [_Baseline(*row) for row in values])
    candidate = _traced(lambda: [solution.Reading(*row) for row in values])
    return {"within_budget": candidate <= _RECORD_RATIO * baseline}


def _log_rows(n, sensors, seed):
    rng = random.Random(seed)
    timestamp = 1_700_000_000
    for _ in range(n):
        timestamp += rng.randrange(1, 5)
        yield rng.randrange(sensors), timestamp, rng.randrange(-5000, 5000) / 100


def _log_budget(solution, n, sensors, seed):
    def baseline():
        columns = (array.array("q"), array.array("q"), array.array("d"))
        for row in _log_rows(n, sensors, seed):
            for column, item in zip(columns, row):
                column.append(item)
        return columns

    holder = {}

    def candidate():
        log = solution.ReadingLog()
        for row in _log_rows(n, sensors, seed):
            log.append(solution.Reading(*row))
        holder["log"] = log
        return log

    base = _traced(baseline)
    used = _traced(candidate)
    log = holder.pop("log")
    means = []
    for sensor in range(3):
        mean = log.mean_value(sensor)
        means.append(None if mean is None else round(float(mean), 6))
    return {"within_budget": used <= _LOG_RATIO * base, "len": _plain(len(log)),
            "first": _fields(log[0]), "last": _fields(log[-1]), "means": means}


def _roundtrip_ok(solution, reading, clone):
    return (type(clone) is solution.Reading and clone == reading
            and _fields(clone) == _fields(reading))


def _step(solution, state, op):
    kind = op[0]
    readings = state["readings"]
    if kind == "make":
        readings[op[1]] = solution.Reading(*op[2])
        return None
    if kind == "make_kw":
        readings[op[1]] = solution.Reading(**op[2])
        return None
    if kind == "fields":
        return _fields(readings[op[1]])
    if kind == "repr":
        return _plain(repr(readings[op[1]]))
    if kind == "eq":
        a, b = readings[op[1]], readings[op[2]]
        return [bool(a == b), bool(a != b)]
    if kind == "eq_tuple":
        reading = readings[op[1]]
        return bool(reading == (reading.sensor_id, reading.timestamp, reading.value))
    if kind == "hash_eq":
        return hash(readings[op[1]]) == hash(readings[op[2]])
    if kind == "distinct":
        return len({readings[name] for name in op[1]})
    if kind == "has_dict":
        return hasattr(readings[op[1]], "__dict__")
    if kind == "set":
        try:
            setattr(readings[op[1]], op[2], op[3])
        except Exception:  # noqa: BLE001 - any refusal will do
            return "refused"
        return "ok"
    if kind == "pickle":
        reading = readings[op[1]]
        return [_roundtrip_ok(solution, reading, pickle.loads(pickle.dumps(reading, protocol)))
                for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1)]
    if kind == "copy":
        reading = readings[op[1]]
        return [_roundtrip_ok(solution, reading, copy.copy(reading)),
                _roundtrip_ok(solution, reading, copy.deepcopy(reading))]
    if kind == "budget_record":
        return _budget_record(solution, op[1])
    if kind == "log_new":
        state["log"] = solution.ReadingLog()
        return None
    if kind == "log_append":
        state["log"].append(readings[op[1]])
        return None
    if kind == "log_len":
        return _plain(len(state["log"]))
    if kind == "log_get":
        return _fields(state["log"][op[1]])
    if kind == "log_mean":
        mean = state["log"].mean_value(op[1])
        return None if mean is None else round(float(mean), 6)
    if kind == "log_budget":
        return _log_budget(solution, op[1], op[2], op[3])
    raise AssertionError("unknown op %r" % (kind,))


_SILENT = {"make", "make_kw", "log_new", "log_append"}


def run(solution, case_input):
    state = {"readings": {}, "log": None}
    results = []
    for op in case_input["ops"]:
        try:
            value = _step(solution, state, op)
        except Exception as error:  # noqa: BLE001 - reported as data
            results.append({"error": type(error).__name__, "op": op[0]})
            continue
        if op[0] not in _SILENT:
            results.append(value)
    return {"results": results}
