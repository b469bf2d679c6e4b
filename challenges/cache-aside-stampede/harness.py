"""Custom harness for the cache-aside-stampede challenge.

The harness supplies the store (the slow source of truth, whose loads it counts) and a
fake clock, builds ``solution.StampedeCache(store, clock, ttl, jitter)`` and replays a
script. Nothing is timed: the fake clock only moves on "advance", and the concurrent
steps hold the store's load on a gate the harness opens itself.

Input schema (``case_input`` is a dict):

    {"ttl": float, "jitter": float, "data": {key: value, ...}, "ops": [OP, ...]}

  The store holds ``data``; a key missing from it loads as "fresh:<key>".

  OP = ["get", key]              -> the value, or {"error": exception type name}
     | ["write", key, value]     -> cache.write(key, value); records nothing
     | ["advance", seconds]      -> the fake clock moves on; records nothing
     | ["loads"]                 -> {key: number of store loads so far}, for the keys loaded
     | ["fail_next", key]        -> the next store load of key raises LoadError; records nothing
     | ["stampede", key, n]      -> n threads call get(key) at once while the store's load of
                                    key is held on a gate; the gate opens when n loads are in
                                    progress or, failing that, a moment after every thread
                                    has called get. -> {"outcomes": sorted outcomes (values,
                                    or "error:<type>"), "loads": loads of key during the step,
                                    "hung": threads that did not return}
     | ["unrelated", slow, other]-> one thread calls get(slow) and is held in the store's
                                    load; meanwhile get(other) runs in another thread.
                                    -> {"other_done_while_slow_loads": bool,
                                        "slow": value, "other": value}
     | ["write_during_load", key, value]
                                 -> a thread calls get(key); the store reads the old value,
                                    then holds; meanwhile write(key, value) runs; then the
                                    load returns the old value.
                                    -> {"reader_got": value, "write_done_while_loading": bool}
     | ["get_after_write_during_load", key, value]
                                 -> as write_during_load, and once write(key, value) has
                                    returned (the first load still held) another thread calls
                                    get(key): it must load the new value, not wait for the old
                                    load. -> {"reader_got": value, "later_got": value,
                                              "write_done_while_loading": bool}
     | ["write_while_caching", key, value]
                                 -> a thread calls get(key); the store's load returns, and
                                    that thread's next clock() call (when the cache works out
                                    the entry's expiry) is held; meanwhile write(key, value)
                                    runs in another thread (it may wait for the cache's own
                                    lock; it gets a moment); then the clock is released.
                                    -> {"reader_got": value}. A get after this op must
                                    return value: the write returned after the load.
     | ["spread", n]             -> n new keys "s0".."s<n-1>" are each loaded once at the
                                    current time; then the clock is moved to just before
                                    ttl, to ttl + jitter / 2 and to ttl + jitter (relative to
                                    that time) and every key is read at each point.
                                    -> {"early": loads just before ttl (0 expected),
                                        "half_spread": whether between 30% and 70% of the keys
                                        reloaded at ttl + jitter / 2,
                                        "rest_at_end": whether every key not reloaded at the
                                        half point reloaded at ttl + jitter}

Returns {"results": [...]}: one entry per op that records something. Only plain data
built here leaves ``run``.
"""

import threading
import time

_GATE_GRACE_SECONDS = 0.3      # how long a stampede's gate waits for more loads to arrive
_BLOCKED_SECONDS = 2.0         # how long an unrelated get may take while another key loads
_JOIN_SECONDS = 5.0


class LoadError(Exception):
    """The store failed to load a key."""


def _plain(value, depth=0):
    if depth > 20:
        return "<too deep>"
    kind = type(value)
    if value is None or kind in (bool, int, float, str):
        return value
    if kind in (list, tuple):
        return [_plain(item, depth + 1) for item in value]
    if kind is dict:
        return {str(k): _plain(v, depth + 1) for k, v in value.items()}
    return "<%s object>" % kind.__name__


class Clock:
    """The fake clock: ``clock()`` returns the current time in seconds."""

    def __init__(self):
        self.now = 1000.0
        self.hold = None               # (thread ident, held Event, release Event)

    def __call__(self):
        hold = self.hold
        if hold is not None and hold[0] == threading.get_ident():
            self.hold = None
            hold[1].set()
            hold[2].wait(_JOIN_SECONDS)
        return self.now


class Store:
    """The slow source of truth. ``load`` and ``save`` are safe to call from any thread."""

    def __init__(self, data):
        self._data = dict(data)
        self._cond = threading.Condition()
        self.loads = {}
        self.in_flight = {}
        self.gates = {}
        self.fail_next = set()
        self.after_load = {}           # key -> called in the loading thread once a load returns

    def load(self, key):
        """Return the current value of ``key`` (slow: every call is counted)."""
        with self._cond:
            self.loads[key] = self.loads.get(key, 0) + 1
            self.in_flight[key] = self.in_flight.get(key, 0) + 1
            value = self._data.get(key, "fresh:%s" % (key,))
            fail = key in self.fail_next
            self.fail_next.discard(key)
            gate = self.gates.get(key)
            self._cond.notify_all()
        try:
            if gate is not None:
                gate.wait(_JOIN_SECONDS)
            if fail:
                raise LoadError("the store is down")
        finally:
            with self._cond:
                self.in_flight[key] -= 1
                self._cond.notify_all()
        after_load = self.after_load.get(key)
        if after_load is not None:
            after_load()
        return value

    def save(self, key, value):
        """Store ``value`` as the new value of ``key``."""
        with self._cond:
            self._data[key] = value

    def wait_for(self, predicate, timeout):
        with self._cond:
            return self._cond.wait_for(predicate, timeout)


def _outcome(call):
    try:
        return _plain(call())
    except Exception as error:  # noqa: BLE001 - reported as data
        return {"error": type(error).__name__}


def _in_thread(call):
    box = {}

    def body():
        box["value"] = _outcome(call)

    thread = threading.Thread(target=body, daemon=True)
    thread.start()
    return thread, box


def _stampede(cache, store, key, n):
    before = store.loads.get(key, 0)
    gate = threading.Event()
    store.gates[key] = gate
    entered = [0]
    lock = threading.Lock()
    start = threading.Barrier(n)

    def call():
        start.wait()
        with lock:
            entered[0] += 1
        return cache.get(key)

    threads = [_in_thread(call) for _ in range(n)]
    store.wait_for(lambda: store.loads.get(key, 0) > before, _JOIN_SECONDS)
    while True:
        with lock:
            if entered[0] >= n:
                break
        time.sleep(0.001)
    store.wait_for(lambda: store.in_flight.get(key, 0) >= n, _GATE_GRACE_SECONDS)
    gate.set()
    del store.gates[key]
    hung = 0
    outcomes = []
    for thread, box in threads:
        thread.join(_JOIN_SECONDS)
        if thread.is_alive():
            hung += 1
            continue
        value = box["value"]
        outcomes.append("error:%s" % value["error"] if isinstance(value, dict) and "error" in value
                        else value)
    outcomes.sort(key=repr)
    return {"outcomes": outcomes, "loads": store.loads.get(key, 0) - before, "hung": hung}


def _unrelated(cache, store, slow, other):
    before = store.loads.get(slow, 0)
    gate = threading.Event()
    store.gates[slow] = gate
    slow_thread, slow_box = _in_thread(lambda: cache.get(slow))
    store.wait_for(lambda: store.loads.get(slow, 0) > before, _JOIN_SECONDS)
    other_thread, other_box = _in_thread(lambda: cache.get(other))
    other_thread.join(_BLOCKED_SECONDS)
    done = not other_thread.is_alive()
    gate.set()
    del store.gates[slow]
    slow_thread.join(_JOIN_SECONDS)
    other_thread.join(_JOIN_SECONDS)
    return {"other_done_while_slow_loads": done,
            "slow": slow_box.get("value", "<hung>"), "other": other_box.get("value", "<hung>")}


def _write_during_load(cache, store, key, value):
    before = store.loads.get(key, 0)
    gate = threading.Event()
    store.gates[key] = gate
    reader, reader_box = _in_thread(lambda: cache.get(key))
    store.wait_for(lambda: store.loads.get(key, 0) > before, _JOIN_SECONDS)
    writer, _writer_box = _in_thread(lambda: cache.write(key, value))
    writer.join(_BLOCKED_SECONDS)
    write_done = not writer.is_alive()
    gate.set()
    del store.gates[key]
    reader.join(_JOIN_SECONDS)
    writer.join(_JOIN_SECONDS)
    return {"reader_got": reader_box.get("value", "<hung>"),
            "write_done_while_loading": write_done}


def _get_after_write_during_load(cache, store, key, value):
    before = store.loads.get(key, 0)
    gate = threading.Event()
    store.gates[key] = gate
    reader, reader_box = _in_thread(lambda: cache.get(key))
    store.wait_for(lambda: store.loads.get(key, 0) > before, _JOIN_SECONDS)
    writer, _writer_box = _in_thread(lambda: cache.write(key, value))
    writer.join(_BLOCKED_SECONDS)
    write_done = not writer.is_alive()
    later, later_box = _in_thread(lambda: cache.get(key))
    # The later get's own load (of the new value) is held on the same gate: give it a
    # moment to start, so that both loads are released together.
    store.wait_for(lambda: store.loads.get(key, 0) > before + 1, _GATE_GRACE_SECONDS)
    gate.set()
    del store.gates[key]
    for thread in (reader, writer, later):
        thread.join(_JOIN_SECONDS)
    return {"reader_got": reader_box.get("value", "<hung>"),
            "later_got": later_box.get("value", "<hung>"),
            "write_done_while_loading": write_done}


def _write_while_caching(cache, store, clock, key, value):
    held = threading.Event()
    release = threading.Event()

    def hold_next_clock_call():
        clock.hold = (threading.get_ident(), held, release)

    store.after_load[key] = hold_next_clock_call
    reader, reader_box = _in_thread(lambda: cache.get(key))
    # A cache that read the clock before loading never calls it again: then the get just
    # finishes, and the write comes after it.
    waited = 0.0
    while not held.is_set() and reader.is_alive() and waited < _JOIN_SECONDS:
        held.wait(0.01)
        waited += 0.01
    del store.after_load[key]
    writer, _writer_box = _in_thread(lambda: cache.write(key, value))
    writer.join(_GATE_GRACE_SECONDS)
    release.set()
    clock.hold = None
    reader.join(_JOIN_SECONDS)
    writer.join(_JOIN_SECONDS)
    return {"reader_got": reader_box.get("value", "<hung>")}


def _spread(cache, store, clock, ttl, jitter, n):
    keys = ["s%d" % i for i in range(n)]
    start = clock.now
    for key in keys:
        cache.get(key)

    def reload_count(at):
        clock.now = start + at
        before = {key: store.loads.get(key, 0) for key in keys}
        for key in keys:
            cache.get(key)
        return [key for key in keys if store.loads.get(key, 0) > before[key]]

    early = reload_count(ttl - 1e-6)
    half = reload_count(ttl + jitter / 2)
    end = reload_count(ttl + jitter)
    rest = set(keys) - set(half)
    return {"early": len(early),
            "half_spread": 0.3 * n <= len(half) <= 0.7 * n,
            "rest_at_end": rest <= set(end)}


def run(solution, case_input):
    clock = Clock()
    store = Store(case_input.get("data", {}))
    ttl = case_input["ttl"]
    jitter = case_input["jitter"]
    cache = solution.StampedeCache(store, clock, ttl, jitter)
    results = []
    for op in case_input["ops"]:
        kind = op[0]
        if kind == "get":
            results.append(_outcome(lambda: cache.get(op[1])))
        elif kind == "write":
            cache.write(op[1], op[2])
        elif kind == "advance":
            clock.now += op[1]
        elif kind == "loads":
            results.append(dict(sorted((str(k), v) for k, v in store.loads.items())))
        elif kind == "fail_next":
            store.fail_next.add(op[1])
        elif kind == "stampede":
            results.append(_stampede(cache, store, op[1], op[2]))
        elif kind == "unrelated":
            results.append(_unrelated(cache, store, op[1], op[2]))
        elif kind == "write_during_load":
            results.append(_write_during_load(cache, store, op[1], op[2]))
        elif kind == "get_after_write_during_load":
            results.append(_get_after_write_during_load(cache, store, op[1], op[2]))
        elif kind == "write_while_caching":
            results.append(_write_while_caching(cache, store, clock, op[1], op[2]))
        elif kind == "spread":
            results.append(_spread(cache, store, clock, ttl, jitter, op[1]))
        else:
            raise AssertionError("unknown op %r" % (kind,))
    return {"results": results}
