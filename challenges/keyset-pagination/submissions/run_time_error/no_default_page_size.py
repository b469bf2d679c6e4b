# Mistake: the page size defaults to None (meant as "no limit") instead of 20, so a
# caller that leaves limit out crashes: SQLite refuses LIMIT NULL (datatype mismatch).
_COLUMNS = "SELECT id, created_at, payload FROM events"


def page(conn, after=None, limit=None):
    """Keyset pagination over events ordered by (created_at, id).

    The cursor is the (created_at, id) of the last row returned. The next page is the
    rows strictly after that key, compared as a pair (a row value), which the index on
    (created_at, id) answers with one seek, and which no insert or delete elsewhere in
    the table can shift. An empty page hands back the cursor it was given, so polling
    later picks up rows that arrive after it.
    """
    if after is None:
        rows = conn.execute(_COLUMNS + " ORDER BY created_at, id LIMIT ?", (limit,)).fetchall()
    else:
        created_at, last_id = after
        rows = conn.execute(
            _COLUMNS + " WHERE (created_at, id) > (?, ?) ORDER BY created_at, id LIMIT ?",
            (created_at, last_id, limit),
        ).fetchall()
    items = [{"id": i, "created_at": c, "payload": p} for i, c, p in rows]
    cursor = (rows[-1][1], rows[-1][0]) if rows else after
    return items, cursor
