# Mistake: returns the rows as sqlite3 gives them, (id, created_at, payload) tuples,
# instead of the dicts the interface asks for; a caller reading row["id"] fails.
_COLUMNS = "SELECT id, created_at, payload FROM events"


def page(conn, after=None, limit=20):
    if after is None:
        rows = conn.execute(_COLUMNS + " ORDER BY created_at, id LIMIT ?", (limit,)).fetchall()
    else:
        rows = conn.execute(
            _COLUMNS + " WHERE (created_at, id) > (?, ?) ORDER BY created_at, id LIMIT ?",
            (after[0], after[1], limit),
        ).fetchall()
    cursor = (rows[-1][1], rows[-1][0]) if rows else after
    return rows, cursor
