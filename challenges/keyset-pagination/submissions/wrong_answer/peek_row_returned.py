# Mistake: fetches limit + 1 rows to learn whether another page exists, but returns all
# of them instead of the first limit: every full page holds one row too many (and the
# cursor, taken from the extra row, is right, so nothing is skipped or repeated).
_COLUMNS = "SELECT id, created_at, payload FROM events"


def page(conn, after=None, limit=20):
    if after is None:
        rows = conn.execute(
            _COLUMNS + " ORDER BY created_at, id LIMIT ?", (limit + 1,)
        ).fetchall()
    else:
        rows = conn.execute(
            _COLUMNS + " WHERE (created_at, id) > (?, ?) ORDER BY created_at, id LIMIT ?",
            (after[0], after[1], limit + 1),
        ).fetchall()
    items = [{"id": i, "created_at": c, "payload": p} for i, c, p in rows]
    cursor = (rows[-1][1], rows[-1][0]) if rows else after
    return items, cursor
