"""Custom harness for the orm-n-plus-one challenge.

Input schema (``case_input``):

    {"data": {"authors":  [[id, name], ...],
              "posts":    [[id, title, author_id or null, created_at], ...],
              "comments": [[id, post_id, author_id or null, body], ...]},
     "limit": int,          passed to solution.recent_posts(db, limit)
     "budget": int,         the most queries the call may run
     "digest": bool}        optional (default false): return a digest of the result

  Instead of "data", a large database is described by a seed:
    "generate": {"seed": int, "authors": int, "posts": int, "comments": int}
  (see ``_generate``: about 5% of posts and 10% of comments have no author,
  created_at values collide often).

Returns {"result": RESULT, "within_budget": bool}, plus "queries": n only when the
call ran more than ``budget`` queries (so any count within the budget compares equal).
RESULT is the candidate's return value rebuilt from built-in types (``_plain``), or,
with "digest": {"posts": n, "comments": m, "sha256": hex} where n and m are the numbers of
post dicts and comment dicts found in it and the hash is over its JSON form with sorted
keys (tuples and dicts with non-str keys tagged, see ``_jsonable``).

Queries are counted with sqlite3's trace callback, installed after the database is
filled: every SQL statement the call makes (through ``db.execute`` or through the
ORM helpers) counts as one query. Exceptions raised by the candidate propagate.
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
    title      TEXT NOT NULL,
    author_id  INTEGER REFERENCES authors(id),
    created_at INTEGER NOT NULL
);
CREATE TABLE comments (
    id        INTEGER PRIMARY KEY,
    post_id   INTEGER NOT NULL REFERENCES posts(id),
    author_id INTEGER REFERENCES authors(id),
    body      TEXT NOT NULL
);
CREATE INDEX posts_created_at ON posts (created_at, id);
CREATE INDEX comments_post_id ON comments (post_id);
"""


# --------------------------------------------------------------------------- the ORM

class Author:
    """A row of ``authors``."""

    def __init__(self, db, row):
        self._db = db
        self.id, self.name = row

    def __repr__(self):
        return "Author(id=%r, name=%r)" % (self.id, self.name)


class Post:
    """A row of ``posts``; ``author`` and ``comments`` load lazily (one query each)."""

    def __init__(self, db, row):
        self._db = db
        self.id, self.title, self.author_id, self.created_at = row
        self._author = None
        self._author_loaded = False
        self._comments = None

    @property
    def author(self):
        if not self._author_loaded:
            self._author = self._db.get_author(self.author_id)
            self._author_loaded = True
        return self._author

    @property
    def comments(self):
        if self._comments is None:
            self._comments = self._db.comments_of(self.id)
        return self._comments

    def __repr__(self):
        return "Post(id=%r, title=%r)" % (self.id, self.title)


class Comment:
    """A row of ``comments``; ``author`` loads lazily (one query)."""

    def __init__(self, db, row):
        self._db = db
        self.id, self.post_id, self.author_id, self.body = row
        self._author = None
        self._author_loaded = False

    @property
    def author(self):
        if not self._author_loaded:
            self._author = self._db.get_author(self.author_id)
            self._author_loaded = True
        return self._author

    def __repr__(self):
        return "Comment(id=%r, post_id=%r)" % (self.id, self.post_id)


class Database:
    """What ``recent_posts`` receives: raw SQL plus a few lazy ORM helpers."""

    def __init__(self, conn):
        self._conn = conn

    def execute(self, sql, params=()):
        """Run one SQL statement; return all result rows as a list of tuples."""
        return self._conn.execute(sql, params).fetchall()

    def recent(self, limit):
        """The ``limit`` newest posts (created_at DESC, id DESC), as Post objects."""
        rows = self.execute(
            "SELECT id, title, author_id, created_at FROM posts"
            " ORDER BY created_at DESC, id DESC LIMIT ?", (limit,))
        return [Post(self, row) for row in rows]

    def get_author(self, author_id):
        """The Author with this id, or None when ``author_id`` is None (no query then)."""
        if author_id is None:
            return None
        rows = self.execute("SELECT id, name FROM authors WHERE id = ?", (author_id,))
        return Author(self, rows[0]) if rows else None

    def comments_of(self, post_id):
        """The comments of one post, by id ascending, as Comment objects."""
        rows = self.execute(
            "SELECT id, post_id, author_id, body FROM comments"
            " WHERE post_id = ? ORDER BY id", (post_id,))
        return [Comment(self, row) for row in rows]


# --------------------------------------------------------------------------- data

def _generate(spec):
    rng = random.Random(spec["seed"])
    n_authors, n_posts, n_comments = spec["authors"], spec["posts"], spec["comments"]
    syllables = ["ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "ze", "da"]
    authors = [(i, "".join(rng.choice(syllables) for _ in range(3)).title())
               for i in range(1, n_authors + 1)]
    span = max(1, n_posts // 3)  # many created_at collisions
    posts = []
    for i in range(1, n_posts + 1):
        author_id = None if rng.random() < 0.05 else rng.randint(1, n_authors)
        posts.append((i, "post %d" % rng.randint(1, 10 ** 6), author_id,
                      1_700_000_000 + rng.randint(0, span)))
    comments = []
    for i in range(1, n_comments + 1):
        author_id = None if rng.random() < 0.10 else rng.randint(1, n_authors)
        comments.append((i, rng.randint(1, n_posts), author_id,
                         "c%d" % rng.randint(1, 10 ** 6)))
    return authors, posts, comments


def _connect(case_input):
    conn = sqlite3.connect(":memory:")
    conn.executescript(SCHEMA)
    if "generate" in case_input:
        authors, posts, comments = _generate(case_input["generate"])
    else:
        data = case_input["data"]
        authors, posts, comments = data["authors"], data["posts"], data["comments"]
    conn.executemany("INSERT INTO authors VALUES (?, ?)", authors)
    conn.executemany("INSERT INTO posts VALUES (?, ?, ?, ?)", posts)
    conn.executemany("INSERT INTO comments VALUES (?, ?, ?, ?)", comments)
    conn.commit()
    return conn


# --------------------------------------------------------------------------- results

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
    posts = comments = 0
    if type(result) is list:
        for post in result:
            if type(post) is dict:
                posts += 1
                if type(post.get("comments")) is list:
                    comments += sum(1 for c in post["comments"] if type(c) is dict)
    text = json.dumps(_jsonable(result), sort_keys=True, separators=(",", ":"))
    return {"posts": posts, "comments": comments,
            "sha256": hashlib.sha256(text.encode("ascii")).hexdigest()}


def run(solution, case_input):
    conn = _connect(case_input)
    db = Database(conn)
    counter = [0]

    def trace(_statement):
        counter[0] += 1

    conn.set_trace_callback(trace)
    try:
        result = solution.recent_posts(db, case_input["limit"])
        result = _plain(result)
    finally:
        conn.set_trace_callback(None)
    queries = counter[0]
    budget = case_input["budget"]
    fact("queries", "%d (budget %d)" % (queries, budget))
    out = {"result": _digest(result) if case_input.get("digest") else result,
           "within_budget": queries <= budget}
    if queries > budget:
        out["queries"] = queries
    return out
