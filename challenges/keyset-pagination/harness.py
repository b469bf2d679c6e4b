"""Custom harness for the keyset-pagination challenge.

Input schema (``case_input``):

    {"rows": [[id, created_at, payload], ...],        the table before the first fetch
     (or "generate": {"n": int, "seed": int, "span": int}: ids 1..n, created_at uniform
      in [0, span], payload "e<id>")
     "limit": int,
     "default_limit": bool,                           optional, default false: every call
                                                      leaves limit out (page's default, 20;
                                                      "limit" is then 20)
     "script": [OP, ...],
     "digest": bool}                                  optional, default false

  OP is one of
    {"op": "fetch"}              one call: the very first is page(conn, limit=limit), later
                                 ones page(conn, after=<cursor the previous call returned>,
                                 limit=limit)
    {"op": "drain", "max_pages": int (default 200),
     "churn": {"seed": int, "inserts": int, "deletes": int}}   churn optional
                                 fetch until a page has fewer than ``limit`` rows (or
                                 max_pages pages); with churn, after every full page insert
                                 ``inserts`` new rows (next free ids, created_at random in the
                                 table's current range) and delete ``deletes`` random rows
    {"op": "insert", "rows": [[id, created_at, payload], ...]}
    {"op": "delete", "ids": [id, ...]}

Returns {"pages": [PAGE, ...], "duplicates": [ids seen more than once],
         "missed": [ids present at the first fetch, never deleted, never seen]}
where PAGE is the list of the returned rows' ids in order. A returned row that is not a
dict {"id", "created_at", "payload"} equal to the table's row at fetch time is recorded
as {"bad_row": <row rebuilt as plain data>}; a return value that is not a pair
(rows, cursor) with rows a list is recorded as {"bad_return": <plain data>}.
With "digest": {"pages": count, "rows": total rows, "duplicates": count, "missed": count,
"sha256": hash of the JSON of the pages}.

The cursor is opaque: it is only ever passed back to the candidate, never returned.
Exceptions raised by the candidate propagate.
"""

import hashlib
import json
import random
import sqlite3

_MAX_DEPTH = 60

SCHEMA = """
CREATE TABLE events (
    id         INTEGER PRIMARY KEY,
    created_at INTEGER NOT NULL,
    payload    TEXT NOT NULL
);
CREATE INDEX events_created_at_id ON events (created_at, id);
"""


def _plain(x, depth=0):
    """Rebuild ``x`` from exact built-in types; other objects become marker strings."""
    kind = type(x)
    if kind is dict:
        if depth > _MAX_DEPTH:
            return "<too deep>"
        return {_plain(k, depth + 1): _plain(v, depth + 1) for k, v in x.items()}
    if kind is str or kind is int or kind is float or kind is bool or x is None:
        return x
    if kind is list:
        if depth > _MAX_DEPTH:
            return "<too deep>"
        return [_plain(v, depth + 1) for v in x]
    # Subclasses of built-in types are read through the base type's own methods.
    if depth > _MAX_DEPTH:
        return "<too deep>"
    if isinstance(x, bool):
        return bool(x)
    if isinstance(x, int):
        return int.__int__(x)
    if isinstance(x, float):
        return float.__float__(x)
    if isinstance(x, str):
        return str.__str__(x)
    if isinstance(x, list):
        return [_plain(v, depth + 1) for v in list.__iter__(x)]
    if isinstance(x, tuple):
        return tuple(_plain(v, depth + 1) for v in tuple.__iter__(x))
    if isinstance(x, dict):
        return {_plain(k, depth + 1): _plain(v, depth + 1) for k, v in dict.items(x)}
    return "<object " + type(x).__name__ + ">"


def _jsonable(x):
    """Plain data as JSON that keeps tuples apart from lists and non-str keys apart."""
    kind = type(x)
    if kind is dict:
        if all(type(k) is str for k in x):
            return {k: _jsonable(v) for k, v in x.items()}
        return {"$dict": [[_jsonable(k), _jsonable(v)] for k, v in x.items()]}
    if kind is list:
        return [_jsonable(v) for v in x]
    if kind is tuple:
        return {"$tuple": [_jsonable(v) for v in x]}
    return x


class _Table:
    """The events table, mirrored in ``self.rows`` (id -> (created_at, payload))."""

    def __init__(self, conn):
        self.conn = conn
        self.rows = {}
        self.next_id = 1  # ids are never reused, even after deletes

    def insert(self, rows):
        rows = [(int(i), int(c), str(p)) for i, c, p in rows]
        self.conn.executemany("INSERT INTO events VALUES (?, ?, ?)", rows)
        self.conn.commit()
        for i, c, p in rows:
            self.rows[i] = (c, p)
            self.next_id = max(self.next_id, i + 1)

    def delete(self, ids):
        self.conn.executemany("DELETE FROM events WHERE id = ?", [(i,) for i in ids])
        self.conn.commit()
        for i in ids:
            self.rows.pop(i, None)


class _Client:
    def __init__(self, solution, table, limit, default_limit=False):
        self.solution = solution
        self.table = table
        self.limit = limit
        self.limit_arguments = {} if default_limit else {"limit": limit}
        self.started = False
        self.cursor = None
        self.pages = []

    def fetch(self):
        """One page; returns its number of rows (-1 for a malformed return)."""
        if not self.started:
            self.started = True
            value = self.solution.page(self.table.conn, **self.limit_arguments)
        else:
            value = self.solution.page(self.table.conn, after=self.cursor, **self.limit_arguments)
        if type(value) not in (tuple, list) or len(value) != 2 or type(value[0]) is not list:
            self.pages.append({"bad_return": _plain(value)})
            return -1
        rows, self.cursor = value
        ids = []
        for row in rows:
            ids.append(self._check(row))
        self.pages.append(ids)
        return len(ids)

    def _check(self, row):
        if type(row) is dict and set(row) == {"id", "created_at", "payload"}:
            i, c, p = row["id"], row["created_at"], row["payload"]
            if (type(i) is int and type(c) is int and type(p) is str
                    and self.table.rows.get(i) == (c, p)):
                return i
        return {"bad_row": _plain(row)}


def _churn(table, rng, spec):
    lo = min((c for c, _ in table.rows.values()), default=0)
    hi = max((c for c, _ in table.rows.values()), default=0)
    next_id = table.next_id
    new = []
    for k in range(spec.get("inserts", 0)):
        new.append((next_id + k, rng.randint(lo, hi + 1), "n%d" % (next_id + k)))
    table.insert(new)
    existing = sorted(table.rows)
    count = min(spec.get("deletes", 0), len(existing))
    table.delete(rng.sample(existing, count))


def run(solution, case_input):
    conn = sqlite3.connect(":memory:")
    conn.executescript(SCHEMA)
    table = _Table(conn)
    if "generate" in case_input:
        spec = case_input["generate"]
        rng = random.Random(spec["seed"])
        table.insert([(i, rng.randint(0, spec["span"]), "e%d" % i)
                      for i in range(1, spec["n"] + 1)])
    else:
        table.insert(case_input["rows"])
    client = _Client(solution, table, case_input["limit"], case_input.get("default_limit", False))
    initial = None
    deleted = set()

    for op in case_input["script"]:
        if initial is None and op["op"] in ("fetch", "drain"):
            initial = set(table.rows)
        kind = op["op"]
        if kind == "fetch":
            client.fetch()
        elif kind == "drain":
            rng = random.Random(op["churn"]["seed"]) if "churn" in op else None
            for _ in range(op.get("max_pages", 200)):
                if client.fetch() < client.limit:
                    break
                if rng is not None:
                    before = set(table.rows)
                    _churn(table, rng, op["churn"])
                    deleted |= before - set(table.rows)
        elif kind == "insert":
            table.insert(op["rows"])
        elif kind == "delete":
            deleted |= set(op["ids"]) & set(table.rows)
            table.delete(op["ids"])
        else:
            raise ValueError("unknown op %r" % (kind,))

    counts = {}
    for page in client.pages:
        if type(page) is list:
            for i in page:
                if type(i) is int:
                    counts[i] = counts.get(i, 0) + 1
    duplicates = sorted(i for i, n in counts.items() if n > 1)
    missed = sorted((initial or set()) - deleted - set(counts))
    if case_input.get("digest"):
        text = json.dumps(_jsonable(client.pages), sort_keys=True, separators=(",", ":"))
        return {"pages": len(client.pages),
                "rows": sum(len(p) for p in client.pages if type(p) is list),
                "duplicates": len(duplicates), "missed": len(missed),
                "sha256": hashlib.sha256(text.encode("ascii")).hexdigest()}
    return {"pages": client.pages, "duplicates": duplicates, "missed": missed}
