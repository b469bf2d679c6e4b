# Mistake: correct keyset query, but an empty page returns None as its cursor (there is
# no last row to take it from). A client that keeps polling with that cursor restarts
# from the very first row and sees everything again.


def page(conn, after=None, limit=20):
    if after is None:
        rows = conn.execute(
            "SELECT id, created_at, payload FROM events ORDER BY created_at, id LIMIT ?",
            (limit,),
        ).fetchall()
    else:
        rows = conn.execute(
            "SELECT id, created_at, payload FROM events WHERE (created_at, id) > (?, ?)"
            " ORDER BY created_at, id LIMIT ?",
            (after[0], after[1], limit),
        ).fetchall()
    items = [{"id": i, "created_at": c, "payload": p} for i, c, p in rows]
    cursor = (rows[-1][1], rows[-1][0]) if rows else None
    return items, cursor
