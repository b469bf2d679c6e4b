# Mistake: the cursor is the last row's created_at alone and the next page asks for
# created_at > cursor: rows sharing the boundary timestamp that did not fit on the
# previous page are skipped.


def page(conn, after=None, limit=20):
    if after is None:
        rows = conn.execute(
            "SELECT id, created_at, payload FROM events ORDER BY created_at, id LIMIT ?",
            (limit,),
        ).fetchall()
    else:
        rows = conn.execute(
            "SELECT id, created_at, payload FROM events WHERE created_at > ?"
            " ORDER BY created_at, id LIMIT ?",
            (after, limit),
        ).fetchall()
    items = [{"id": i, "created_at": c, "payload": p} for i, c, p in rows]
    return items, (rows[-1][1] if rows else after)
