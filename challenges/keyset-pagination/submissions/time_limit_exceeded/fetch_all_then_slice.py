# TOO SLOW: correct keyset semantics, but every call reads the whole table in order and
# finds the cursor position in Python (bisect), so each page costs O(table size):
# O(n^2 / limit) to page through n rows, instead of one index seek per page.
import bisect


def page(conn, after=None, limit=20):
    rows = conn.execute(
        "SELECT id, created_at, payload FROM events ORDER BY created_at, id"
    ).fetchall()
    keys = [(c, i) for i, c, _ in rows]
    start = 0 if after is None else bisect.bisect_right(keys, tuple(after))
    chunk = rows[start:start + limit]
    items = [{"id": i, "created_at": c, "payload": p} for i, c, p in chunk]
    cursor = (chunk[-1][1], chunk[-1][0]) if chunk else after
    return items, cursor
