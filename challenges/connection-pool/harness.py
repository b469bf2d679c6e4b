"""Custom harness for the connection-pool challenge.

Everything is single-threaded and simulated: the pool gets a fake clock and a fake
``threading.Condition``. When the pool waits on the condition, simulated time passes and
scheduled events (other clients releasing, stealing or breaking connections) run inside
the wait, exactly where another thread could act; a release during the wait notifies the
waiter. No real sleeping, no threads, fully deterministic.

Input schema (``case_input``):

    {"max_size": int,
     "schedule": [{"at": float, "ops": [OP, ...]}, ...],   optional, sorted by "at"
     "script": [OP, ...]}

  The pool is built as solution.Pool(factory, max_size, clock=clock, condition=condition).
  The factory names connections "c1", "c2", ... in creation order.

  OP (main script, or a scheduled event's ops; HANDLE names a connection a client holds):
    {"op": "acquire", "as": HANDLE, "timeout": float or null}   "timeout" absent:
                                        pool.acquire(); present: pool.acquire(timeout=...)
    {"op": "release", "conn": HANDLE}
    {"op": "release_foreign"}           release a connection the pool never created
    {"op": "break", "conn": HANDLE} / {"op": "break", "name": "c2"}
                                        mark a connection broken (conn.broken = True)
    {"op": "fail_next_connect"}         the next factory call raises ConnectionError
    {"op": "advance", "by": float}      let time pass (scheduled events due run first)
    {"op": "with", "as": HANDLE, "timeout": float (optional), "raise": bool,
     "body": [OP, ...]}                 with pool.connection(...) as conn: body ops, then
                                        raise a fresh BodyError if "raise"

  Events run when the pool waits on the condition (their time falls within the wait) or
  when the script advances past them. Inside an event, waiting never blocks (a nested
  wait returns False at once), so events use acquire with "timeout": 0.

Returns {"log": [ENTRY, ...], "created": n, "closed": [names], "live": [names],
         "max_live": n, "pending_events": n}
  ENTRY, in the order things happened ("event": true when done by a scheduled event):
    {"op": "acquire", "conn": name, "t": time}
    {"op": "acquire", "raised": "PoolTimeout" | type name, "t": time}   (+ "message" for
        exceptions other than PoolTimeout)
    {"op": "acquire", "deadlock": true}   waited forever with nothing left to happen; the
        script stops there
    {"op": "release", "conn": name} or {"op": "release", "raised": type name}
    {"op": "release", "skipped": HANDLE}   that handle's acquire had failed: no call made
      (a "break" of such a handle does nothing either)
    {"op": "enter", "conn": name, "t": time} / {"op": "enter", "raised": ..., "t": time}
    {"op": "exit", "outcome": "ok" | "propagated" | "swallowed" | "raised <Type>"}
  created: factory calls that returned a connection; closed/live: connections closed or
  not (sorted); max_live: the most connections open (created, not closed) at any time;
  pending_events: scheduled events that never ran.

A value the pool returns that is not one of the factory's connections is logged as
"<object Type>". Exceptions from the pool other than in acquire/release/enter/exit
(e.g. in Pool(...)) propagate.
"""


class _Deadlock(BaseException):
    """A wait with no timeout and nothing left that could ever notify it."""


class BodyError(Exception):
    """Raised by the harness inside a ``with pool.connection()`` block."""


class Connection:
    """A fake database connection."""

    def __init__(self, name):
        self.name = name
        self.broken = False
        self.closed = False

    def close(self):
        self.closed = True

    def __repr__(self):
        return "Connection(%r, broken=%r, closed=%r)" % (self.name, self.broken, self.closed)


class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


class FakeCondition:
    """The threading.Condition API over a reentrant lock, on simulated time."""

    def __init__(self, sim):
        self._sim = sim
        self._depth = 0
        self._in_wait = False
        self._notified = False

    # -- lock
    def acquire(self, blocking=True, timeout=-1):
        self._depth += 1
        return True

    def release(self):
        if self._depth == 0:
            raise RuntimeError("cannot release un-acquired lock")
        self._depth -= 1

    __enter__ = acquire

    def __exit__(self, *exc):
        self.release()

    # -- condition
    def wait(self, timeout=None):
        if self._depth == 0:
            raise RuntimeError("cannot wait on un-acquired lock")
        sim = self._sim
        if self._in_wait or sim.in_event:
            return False  # simulated clients never block
        clock = sim.clock
        deadline = None if timeout is None else clock.now + max(float(timeout), 0.0)
        saved, self._depth = self._depth, 0
        self._in_wait, self._notified = True, False
        try:
            while (sim.pending and not self._notified
                   and (deadline is None or sim.pending[0][0] <= deadline)):
                at, ops = sim.pending.pop(0)
                clock.now = max(clock.now, at)
                sim.run_event(ops)
            if not self._notified:
                if deadline is None:
                    raise _Deadlock()
                clock.now = max(clock.now, deadline)
        finally:
            self._in_wait = False
            self._depth = saved
        return self._notified

    def wait_for(self, predicate, timeout=None):
        clock = self._sim.clock
        endtime = None
        waittime = timeout
        result = predicate()
        while not result:
            if waittime is not None:
                if endtime is None:
                    endtime = clock() + waittime
                else:
                    waittime = endtime - clock()
                    if waittime <= 0:
                        break
            self.wait(waittime)
            result = predicate()
        return result

    def notify(self, n=1):
        if self._depth == 0:
            raise RuntimeError("cannot notify on un-acquired lock")
        if self._in_wait and n > 0:
            self._notified = True

    def notify_all(self):
        self.notify(1)

    notifyAll = notify_all


class _Sim:
    def __init__(self, solution, case_input):
        self.solution = solution
        self.clock = FakeClock()
        self.pending = [(float(e["at"]), e["ops"]) for e in case_input.get("schedule", [])]
        self.pending.sort(key=lambda e: e[0])
        self.in_event = False
        self.handles = {}
        self.conns = []
        self.fail_next = False
        self.max_live = 0
        self.log = []
        self.stopped = False

    # -- the factory handed to the pool
    def factory(self):
        if self.fail_next:
            self.fail_next = False
            raise ConnectionError("database unavailable")
        conn = Connection("c%d" % (len(self.conns) + 1))
        self.conns.append(conn)
        live = sum(1 for c in self.conns if not c.closed)
        self.max_live = max(self.max_live, live)
        return conn

    def name(self, value):
        if type(value) is Connection and any(value is c for c in self.conns):
            return value.name
        return "<object %s>" % type(value).__name__

    def error(self, exc, expected=()):
        if isinstance(exc, self.solution.PoolTimeout):
            return {"raised": "PoolTimeout"}
        for kind in expected:
            if isinstance(exc, kind):
                return {"raised": kind.__name__}
        return {"raised": type(exc).__name__, "message": str(exc)}

    # -- running ops
    def run_event(self, ops):
        self.in_event = True
        try:
            self.run_ops(ops, event=True)
        finally:
            self.in_event = False

    def fire_due(self, until):
        while self.pending and self.pending[0][0] <= until:
            at, ops = self.pending.pop(0)
            self.clock.now = max(self.clock.now, at)
            self.run_event(ops)

    def entry(self, data, event):
        if event:
            data["event"] = True
        self.log.append(data)

    def run_ops(self, ops, event=False):
        for op in ops:
            if self.stopped:
                return
            getattr(self, "op_" + op["op"])(op, event)

    def op_acquire(self, op, event):
        try:
            if "timeout" in op:
                conn = self.pool.acquire(timeout=op["timeout"])
            else:
                conn = self.pool.acquire()
        except _Deadlock:
            self.entry({"op": "acquire", "deadlock": True}, event)
            self.stopped = True
            return
        except Exception as exc:  # noqa: BLE001 - observed
            self.handles[op["as"]] = None
            data = {"op": "acquire"}
            data.update(self.error(exc))
            data["t"] = self.clock.now
            self.entry(data, event)
            return
        self.handles[op["as"]] = conn
        self.entry({"op": "acquire", "conn": self.name(conn), "t": self.clock.now}, event)

    def op_release(self, op, event):
        if self.handles.get(op["conn"]) is None:  # that acquire failed: nothing to release
            self.entry({"op": "release", "skipped": op["conn"]}, event)
            return
        self._release(self.handles[op["conn"]], event)

    def op_release_foreign(self, op, event):
        self._release(Connection("stranger"), event)

    def _release(self, conn, event):
        try:
            self.pool.release(conn)
        except Exception as exc:  # noqa: BLE001 - observed
            data = {"op": "release"}
            data.update(self.error(exc, (ValueError,)))
            self.entry(data, event)
            return
        self.entry({"op": "release", "conn": self.name(conn)}, event)

    def op_break(self, op, event):
        if "conn" in op:
            conn = self.handles.get(op["conn"])
        else:
            conn = next((c for c in self.conns if c.name == op["name"]), None)
        if type(conn) is Connection:  # else that acquire failed: nothing to break
            conn.broken = True

    def op_fail_next_connect(self, op, event):
        self.fail_next = True

    def op_advance(self, op, event):
        until = self.clock.now + float(op["by"])
        self.fire_due(until)
        self.clock.now = max(self.clock.now, until)

    def op_with(self, op, event):
        self.handles[op["as"]] = None
        try:
            if "timeout" in op:
                manager = self.pool.connection(timeout=op["timeout"])
            else:
                manager = self.pool.connection()
        except Exception as exc:  # noqa: BLE001 - observed
            data = {"op": "enter"}
            data.update(self.error(exc))
            data["t"] = self.clock.now
            self.entry(data, event)
            return
        try:
            conn = manager.__enter__()
        except _Deadlock:
            self.entry({"op": "enter", "deadlock": True}, event)
            self.stopped = True
            return
        except Exception as exc:  # noqa: BLE001 - observed
            data = {"op": "enter"}
            data.update(self.error(exc))
            data["t"] = self.clock.now
            self.entry(data, event)
            return
        self.handles[op["as"]] = conn
        self.entry({"op": "enter", "conn": self.name(conn), "t": self.clock.now}, event)
        raised = None
        try:
            self.run_ops(op.get("body", []), event)
            if op.get("raise"):
                raised = BodyError("query failed")
                raise raised
        except BaseException as exc:  # noqa: BLE001 - handed to __exit__ like `with` does
            try:
                suppressed = manager.__exit__(type(exc), exc, exc.__traceback__)
            except BaseException as out:  # noqa: BLE001
                if isinstance(out, _Deadlock):
                    raise
                outcome = "propagated" if out is raised else "raised " + type(out).__name__
            else:
                outcome = "swallowed" if suppressed else (
                    "propagated" if exc is raised else "raised " + type(exc).__name__)
                if not suppressed and not isinstance(exc, Exception):
                    raise
        else:
            try:
                manager.__exit__(None, None, None)
            except Exception as out:  # noqa: BLE001 - observed
                outcome = "raised " + type(out).__name__
            else:
                outcome = "ok"
        self.entry({"op": "exit", "outcome": outcome}, event)


def run(solution, case_input):
    sim = _Sim(solution, case_input)
    condition = FakeCondition(sim)
    sim.pool = solution.Pool(sim.factory, case_input["max_size"],
                             clock=sim.clock, condition=condition)
    sim.run_ops(case_input["script"])
    return {
        "log": sim.log,
        "created": len(sim.conns),
        "closed": sorted(c.name for c in sim.conns if c.closed),
        "live": sorted(c.name for c in sim.conns if not c.closed),
        "max_live": sim.max_live,
        "pending_events": len(sim.pending),
    }
