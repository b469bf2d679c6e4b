# Mistake: classic LIMIT/OFFSET pagination with the offset as the cursor. It is right on
# a static table, but a row inserted before the current position shifts every later row
# by one (the next page repeats a row) and a deleted row shifts them back (a row is
# skipped).


def page(conn, after=None, limit=20):
    offset = after or 0
    rows = conn.execute(
        "SELECT id, created_at, payload FROM events"
        " ORDER BY created_at, id LIMIT ? OFFSET ?",
        (limit, offset),
    ).fetchall()
    items = [{"id": i, "created_at": c, "payload": p} for i, c, p in rows]
    return items, offset + len(rows)
