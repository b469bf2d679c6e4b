# Mistake: the cursor is only the last row's id, and the next page looks that row up to
# get its (created_at, id). If the row was deleted in the meantime the subquery yields
# NULL, the comparison is never true, and pagination stops early.


def page(conn, after=None, limit=20):
    if after is None:
        rows = conn.execute(
            "SELECT id, created_at, payload FROM events ORDER BY created_at, id LIMIT ?",
            (limit,),
        ).fetchall()
    else:
        rows = conn.execute(
            "SELECT id, created_at, payload FROM events"
            " WHERE (created_at, id) > (SELECT created_at, id FROM events WHERE id = ?)"
            " ORDER BY created_at, id LIMIT ?",
            (after, limit),
        ).fetchall()
    items = [{"id": i, "created_at": c, "payload": p} for i, c, p in rows]
    return items, (rows[-1][0] if rows else after)
