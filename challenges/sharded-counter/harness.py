"""Custom harness for the sharded-counter challenge.

The harness supplies the store that holds the shards and builds
``solution.ShardedCounter(store)``. Reading a shard and writing it back are two separate
store calls; while two or more worker threads run, every ``get`` holds its caller for a
moment (up to 5 ms) until another thread reads the same shard, so an unprotected
read-modify-write loses updates every time instead of once in a blue moon.

Input schema (``case_input`` is a dict):

  {"shards": n, "ops": [OP, ...]}
      Sequential, in this thread. OP = ["inc"] | ["inc", amount] | ["value"]
      | ["reshard", m] | ["layout"]
      -> {"results": [...]}: None for "inc", the value for "value", None or the error
         for "reshard", {"size": store size, "total": sum of the store} for "layout";
         an op that raises records {"error": type name}.

  {"shards": n, "threads": [THREAD, ...]}
      Concurrent: one worker thread per THREAD, started together (a barrier), each
      running its ops in order. THREAD = [OP, ...] or {"repeat": k, "ops": [OP, ...]}.
      -> {"value": counter.value() once all workers are done,
          "store_size": store.size(), "store_total": sum of the store,
          "errors": {type name: count},
          "parallel_shards": whether two threads were ever reading different shards at
                             the same time,
          "every_shard_used": whether every shard got written (only when no thread
                              reshards),
          "hung": workers that did not finish}

The store accepts ints only (``set`` raises TypeError otherwise) and IndexError for a shard
outside ``range(store.size())``; ``resize`` does not validate its size (see Store.resize). Only plain data built here leaves ``run``.
"""

import threading

_WINDOW_SECONDS = 0.005
_JOIN_SECONDS = 20.0


class Store:
    """Shards 0 .. size()-1, each an int; ``get`` and ``set`` are separate calls."""

    def __init__(self, size):
        self._cells = [0] * size
        self._cond = threading.Condition()
        self._reads = [0] * size
        self._reading = {}
        self._window = 0.0
        self._active = 0
        self.parallel = False
        self.written = set()

    def size(self):
        """The number of shards."""
        with self._cond:
            return len(self._cells)

    def get(self, index):
        """The value of shard ``index``."""
        with self._cond:
            self._check(index)
            value = self._cells[index]
            self._reads[index] += 1
            ticket = self._reads[index]
            self._cond.notify_all()
            if self._window and self._active > 1:
                me = threading.get_ident()
                self._reading[me] = index
                if len(set(self._reading.values())) > 1:
                    self.parallel = True
                # Give a rival reader of the same shard the chance to come in now.
                self._cond.wait_for(
                    lambda: (index < len(self._reads) and self._reads[index] > ticket)
                    or self._active <= 1,
                    timeout=self._window)
                if len(set(self._reading.values())) > 1:
                    self.parallel = True
                del self._reading[me]
            return value

    def set(self, index, value):
        """Store ``value`` (an int) in shard ``index``."""
        with self._cond:
            self._check(index)
            if type(value) is not int:
                raise TypeError("shard values are ints, got %s" % type(value).__name__)
            self._cells[index] = value
            self.written.add(index)

    def resize(self, size):
        """Keep shards 0 .. size-1 (new ones start at 0); shards beyond are dropped.

        Like a plain datastore it trusts its caller: a size below 1 drops every shard (and
        a value that is not a number raises TypeError). The statement asks reshard() to
        refuse a bad count itself, so a counter that leaves the check to the store loses
        its counts here instead of getting a ValueError for free."""
        with self._cond:
            keep = max(0, size)
            old = len(self._cells)
            cells = self._cells[:keep] + [0] * max(0, keep - old)
            reads = self._reads[:keep] + [0] * max(0, keep - old)
            self._cells, self._reads = cells, reads
            self._cond.notify_all()

    def _check(self, index):
        if type(index) is not int or not 0 <= index < len(self._cells):
            raise IndexError("no shard %r" % (index,))

    # -- harness side -------------------------------------------------------------------
    def snapshot(self):
        with self._cond:
            return list(self._cells)

    def start_race(self, workers):
        with self._cond:
            self._window = _WINDOW_SECONDS
            self._active = workers

    def worker_done(self):
        with self._cond:
            self._active -= 1
            self._cond.notify_all()


def _plain(value):
    if value is None or type(value) in (bool, int, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return int.__int__(value)
    return "<%s object>" % type(value).__name__


def _apply(counter, store, op):
    kind = op[0]
    if kind == "inc":
        counter.increment(*op[1:])
        return None
    if kind == "value":
        return _plain(counter.value())
    if kind == "reshard":
        counter.reshard(op[1])
        return None
    if kind == "layout":
        cells = store.snapshot()
        return {"size": len(cells), "total": sum(cells)}
    raise AssertionError("unknown op %r" % (kind,))


def _sequential(solution, case_input):
    store = Store(case_input["shards"])
    counter = solution.ShardedCounter(store)
    results = []
    for op in case_input["ops"]:
        try:
            results.append(_apply(counter, store, op))
        except Exception as error:  # noqa: BLE001 - reported as data
            results.append({"error": type(error).__name__})
    return {"results": results}


def _concurrent(solution, case_input):
    shards = case_input["shards"]
    store = Store(shards)
    counter = solution.ShardedCounter(store)
    plans = []
    for spec in case_input["threads"]:
        plans.append(list(spec["ops"]) * spec["repeat"] if isinstance(spec, dict) else list(spec))
    reshards = any(op[0] == "reshard" for plan in plans for op in plan)
    errors = {}
    record = threading.Lock()
    barrier = threading.Barrier(len(plans))

    def worker(plan):
        try:
            barrier.wait()
            for op in plan:
                try:
                    _apply(counter, store, op)
                except Exception as error:  # noqa: BLE001 - reported as data
                    with record:
                        errors[type(error).__name__] = errors.get(type(error).__name__, 0) + 1
        finally:
            store.worker_done()

    store.start_race(len(plans))
    threads = [threading.Thread(target=worker, args=(plan,), daemon=True) for plan in plans]
    for thread in threads:
        thread.start()
    hung = 0
    for thread in threads:
        thread.join(_JOIN_SECONDS)
        hung += thread.is_alive()
    cells = store.snapshot()
    out = {
        "value": _plain(counter.value()) if not hung else None,
        "store_size": len(cells),
        "store_total": sum(cells),
        "errors": dict(sorted(errors.items())),
        "parallel_shards": store.parallel,
        "hung": hung,
    }
    if not reshards:
        out["every_shard_used"] = store.written >= set(range(shards))
    return out


def run(solution, case_input):
    if "threads" in case_input:
        return _concurrent(solution, case_input)
    return _sequential(solution, case_input)
