"""Custom harness for the isolation-anomalies challenge.

The harness makes a fresh SQLite file database (``bank.db`` in the case's working
folder), opens one connection per worker (``timeout=0``: a busy database fails at once,
never waits; ``isolation_level=None``: the candidate's SQL controls transactions) and
runs the workers in threads that never race: a worker may run only while the scheduler
lets it, one SQL statement at a time, so every interleaving is exactly the one the case
scripts.

Input schema (``case_input`` is a dict):

    {"accounts": [[id, balance], ...],
     "workers": [WORKER, ...],
     "schedule": [[worker index, "select" | "update" | "end"], ...],
     "then": "in_order" | "round_robin"}            default "in_order"

  WORKER = ["locked", account, amount]       -> withdraw_locked(conn, account, amount)
         | ["optimistic", account, amount]   -> withdraw_optimistic(conn, account, amount)
         | ["retrying", account, amount, attempts]
                                            -> withdraw_retrying(conn, account, amount, attempts)

  Every worker starts and runs up to its first SQL statement. Then each schedule entry
  lets one worker go on, statement after statement, until it has run a statement of that
  kind ("select": a SELECT, "update": an UPDATE) or until it ends ("end"). After the
  schedule, the unfinished workers run to their end: one after the other ("in_order") or
  one statement each in turn ("round_robin", for retry loops that need the rival to
  finish).

Returns
    {"results": [{"ok": returned value} | {"error": exception type name}, ...],
     "balances": {"id": balance}, "versions": {"id": version},
     "left_open": [workers whose connection was still inside a transaction at its end],
     "writes_without_read": [workers that ran an UPDATE before any SELECT]}

Only plain data built here leaves ``run``; no object of the candidate's is returned.
"""

import os
import sqlite3
import threading

SCHEMA = """
CREATE TABLE accounts (
    id      INTEGER PRIMARY KEY,
    balance INTEGER NOT NULL CHECK (balance >= 0),
    version INTEGER NOT NULL DEFAULT 0
);
"""

_DB_NAME = "bank.db"
_WAIT_SECONDS = 10.0


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
    return "<%s object>" % kind.__name__


class Result:
    """The rows and row count of one statement (what ``conn.execute`` returns)."""

    def __init__(self, rows, rowcount):
        self._rows = rows
        self._next = 0
        self.rowcount = rowcount

    def fetchone(self):
        if self._next >= len(self._rows):
            return None
        row = self._rows[self._next]
        self._next += 1
        return row

    def fetchall(self):
        rows = self._rows[self._next:]
        self._next = len(self._rows)
        return rows

    def __iter__(self):
        return iter(self.fetchall())


class _Worker:
    def __init__(self, index, conn):
        self.index = index
        self.conn = conn
        self.parked = False
        self.go = False
        self.done = False
        self.statements = 0
        self.last_kind = None
        self.kinds = []
        self.outcome = None


class Connection:
    """What the candidate's functions receive: one SQLite connection, one statement at a time."""

    def __init__(self, worker, cond):
        self._worker = worker
        self._cond = cond

    @property
    def in_transaction(self):
        return self._worker.conn.in_transaction

    def execute(self, sql, params=()):
        """Run one SQL statement with ``?`` placeholders; return a Result."""
        worker = self._worker
        with self._cond:
            worker.parked = True
            self._cond.notify_all()
            self._cond.wait_for(lambda: worker.go)
            worker.go = False
            worker.parked = False
        words = str(sql).split(None, 1)
        kind = words[0].upper() if words else ""
        try:
            cursor = worker.conn.execute(sql, params)
            rows = cursor.fetchall()
            return Result(rows, cursor.rowcount)
        finally:
            with self._cond:
                worker.statements += 1
                worker.last_kind = kind
                worker.kinds.append(kind)

    def commit(self):
        """COMMIT the open transaction, if any."""
        if self._worker.conn.in_transaction:
            self.execute("COMMIT")

    def rollback(self):
        """ROLLBACK the open transaction, if any."""
        if self._worker.conn.in_transaction:
            self.execute("ROLLBACK")


def _call(solution, spec, conn):
    kind = spec[0]
    if kind == "locked":
        return solution.withdraw_locked(conn, spec[1], spec[2])
    if kind == "optimistic":
        return solution.withdraw_optimistic(conn, spec[1], spec[2])
    if kind == "retrying":
        return solution.withdraw_retrying(conn, spec[1], spec[2], spec[3])
    raise AssertionError("unknown worker %r" % (kind,))


def run(solution, case_input):
    path = os.path.abspath(_DB_NAME)
    for suffix in ("", "-journal", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    setup = sqlite3.connect(path, isolation_level=None)
    setup.executescript(SCHEMA)
    setup.executemany("INSERT INTO accounts (id, balance) VALUES (?, ?)",
                      [tuple(row) for row in case_input["accounts"]])
    setup.close()

    cond = threading.Condition()
    workers = []
    for index, _spec in enumerate(case_input["workers"]):
        conn = sqlite3.connect(path, timeout=0, isolation_level=None, check_same_thread=False)
        workers.append(_Worker(index, conn))

    def body(worker, spec):
        try:
            value = _call(solution, spec, Connection(worker, cond))
        except Exception as error:  # noqa: BLE001 - reported as data
            worker.outcome = {"error": type(error).__name__}
        else:
            worker.outcome = {"ok": _plain(value)}
        finally:
            with cond:
                worker.done = True
                cond.notify_all()

    def settle(worker):
        with cond:
            if not cond.wait_for(lambda: worker.parked or worker.done, timeout=_WAIT_SECONDS):
                raise RuntimeError("worker %d neither ran SQL nor returned" % worker.index)

    def step(worker):
        """Let ``worker`` run one statement and on to its next one (or its end)."""
        with cond:
            if worker.done:
                return False
            before = worker.statements
            worker.go = True
            cond.notify_all()
            ok = cond.wait_for(lambda: worker.done or (worker.statements > before and worker.parked),
                               timeout=_WAIT_SECONDS)
            if not ok:
                raise RuntimeError("worker %d did not come back to the scheduler" % worker.index)
            return not worker.done

    threads = []
    for worker, spec in zip(workers, case_input["workers"]):
        thread = threading.Thread(target=body, args=(worker, spec), daemon=True)
        threads.append(thread)
        thread.start()
        settle(worker)

    for index, until in case_input.get("schedule", []):
        worker = workers[index]
        while not worker.done:
            step(worker)
            if until != "end" and worker.last_kind == until.upper():
                break

    if case_input.get("then", "in_order") == "round_robin":
        while not all(worker.done for worker in workers):
            for worker in workers:
                step(worker)
    else:
        for worker in workers:
            while step(worker):
                pass

    for thread in threads:
        thread.join()
    left_open = []
    for worker in workers:
        if worker.conn.in_transaction:
            left_open.append(worker.index)
            worker.conn.execute("ROLLBACK")
        worker.conn.close()

    check = sqlite3.connect(path)
    rows = check.execute("SELECT id, balance, version FROM accounts ORDER BY id").fetchall()
    check.close()
    writes_without_read = []
    for worker in workers:
        kinds = worker.kinds
        if "UPDATE" in kinds and ("SELECT" not in kinds or kinds.index("UPDATE") < kinds.index("SELECT")):
            writes_without_read.append(worker.index)
    return {
        "results": [worker.outcome for worker in workers],
        "balances": {str(row[0]): row[1] for row in rows},
        "versions": {str(row[0]): row[2] for row in rows},
        "left_open": left_open,
        "writes_without_read": writes_without_read,
    }
