"""Custom harness for the orm-aggregate-annotate challenge.

Input schema (``case_input``):

    {"data": {"authors": [[id, name], ...],
              "posts":   [[id, author_id, title, rating or null, created_at], ...]},
     "since": int or null,  optional: when present, passed as author_stats(db, since=...);
                            when absent, author_stats(db) is called (default since=None)
     "budget": int,         the most queries the call may run
     "digest": bool}        optional (default false): return a digest of the result

  Instead of "data", a large database is described by a seed:
    "generate": {"seed": int, "authors": int, "posts": int}
  (see ``_generate``: about a tenth of the authors have no posts, a fifth of the posts
  are unrated, names repeat).

Returns {"result": RESULT, "within_budget": bool}, plus "queries": n only when the
call ran more than ``budget`` queries (so any count within the budget compares equal).
RESULT is the candidate's return value rebuilt from built-in types (``_plain``), or, with
"digest": {"rows": n, "sha256": hex}, n being the length of the returned list (-1 if it
is not a list) and the hash over its JSON form with sorted keys (``_jsonable``).

Queries are counted with sqlite3's trace callback, installed after the database is
filled: every SQL statement the call runs counts as one. Exceptions propagate.
"""

import hashlib
import json
import random
import sqlite3

_MAX_DEPTH = 60

SCHEMA = """
CREATE TABLE authors (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL
);
CREATE TABLE posts (
    id         INTEGER PRIMARY KEY,
    author_id  INTEGER NOT NULL REFERENCES authors(id),
    title      TEXT NOT NULL,
    rating     INTEGER,            -- 1..5, NULL while unrated
    created_at INTEGER NOT NULL
);
CREATE INDEX posts_author_id ON posts (author_id);
"""


class Database:
    """What ``author_stats`` receives."""

    def __init__(self, conn):
        self._conn = conn

    def execute(self, sql, params=()):
        """Run one SQL statement; return all result rows as a list of tuples."""
        return self._conn.execute(sql, params).fetchall()


def _generate(spec):
    rng = random.Random(spec["seed"])
    n_authors, n_posts = spec["authors"], spec["posts"]
    first = ["Ada", "Alan", "Barbara", "Edsger", "Grace", "Ken", "Linus", "Margaret",
             "Niklaus", "Radia", "Tim", "Whitfield"]
    last = ["Hopper", "Kay", "Knuth", "Lamport", "Liskov", "Perlman", "Ritchie", "Turing"]
    authors = [(i, "%s %s" % (rng.choice(first), rng.choice(last)))
               for i in range(1, n_authors + 1)]
    # About a tenth of the authors never post.
    writers = [a for a, _ in authors if rng.random() >= 0.1]
    posts = []
    for i in range(1, n_posts + 1):
        rating = None if rng.random() < 0.2 else rng.randint(1, 5)
        posts.append((i, rng.choice(writers), "t%d" % i, rating,
                      1_700_000_000 + rng.randint(0, 10 ** 6)))
    return authors, posts


def _connect(case_input):
    conn = sqlite3.connect(":memory:")
    conn.executescript(SCHEMA)
    if "generate" in case_input:
        authors, posts = _generate(case_input["generate"])
    else:
        authors, posts = case_input["data"]["authors"], case_input["data"]["posts"]
    conn.executemany("INSERT INTO authors VALUES (?, ?)", authors)
    conn.executemany("INSERT INTO posts VALUES (?, ?, ?, ?, ?)", posts)
    conn.commit()
    return conn


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


def _digest(result):
    text = json.dumps(_jsonable(result), sort_keys=True, separators=(",", ":"))
    return {"rows": len(result) if type(result) is list else -1,
            "sha256": hashlib.sha256(text.encode("ascii")).hexdigest()}


def run(solution, case_input):
    conn = _connect(case_input)
    db = Database(conn)
    counter = [0]

    def trace(_statement):
        counter[0] += 1

    conn.set_trace_callback(trace)
    try:
        if "since" in case_input:
            result = solution.author_stats(db, since=case_input["since"])
        else:
            result = solution.author_stats(db)
        result = _plain(result)
    finally:
        conn.set_trace_callback(None)
    queries = counter[0]
    budget = case_input["budget"]
    out = {"result": _digest(result) if case_input.get("digest") else result,
           "within_budget": queries <= budget}
    if queries > budget:
        out["queries"] = queries
    return out
