def page(conn, after=None, limit=20):
    """Return one page of the events table, ordered by (created_at, id) ascending.

    ``conn`` is a sqlite3 connection to a database with the table
        events(id INTEGER PRIMARY KEY, created_at INTEGER NOT NULL, payload TEXT NOT NULL)
    ``after`` is None for the first page, otherwise the cursor returned with the previous
    page. Return ``(rows, cursor)``: ``rows`` a list of at most ``limit`` dicts
    {"id": ..., "created_at": ..., "payload": ...}, ``cursor`` any value that makes the
    next call continue right after the last row returned (for an empty page, a cursor
    that continues from the same place).

    Rows may be inserted or deleted between calls: no row may be skipped or repeated.
    """
    raise NotImplementedError("page is not implemented yet")
