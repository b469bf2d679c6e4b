# Mistake: compares the two cursor columns separately, created_at >= ? AND id > ?,
# instead of as a pair. A later row whose id is smaller than the cursor's id (ids do not
# follow created_at) is skipped.


def page(conn, after=None, limit=20):
    if after is None:
        rows = conn.execute(
            "SELECT id, created_at, payload FROM events ORDER BY created_at, id LIMIT ?",
            (limit,),
        ).fetchall()
    else:
        created_at, last_id = after
        rows = conn.execute(
            "SELECT id, created_at, payload FROM events"
            " WHERE created_at >= ? AND id > ?"
            " ORDER BY created_at, id LIMIT ?",
            (created_at, last_id, limit),
        ).fetchall()
    items = [{"id": i, "created_at": c, "payload": p} for i, c, p in rows]
    return items, ((rows[-1][1], rows[-1][0]) if rows else after)
