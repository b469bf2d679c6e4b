# Mistake: the textbook keyset on the primary key, WHERE id > ? ORDER BY id: it never
# skips or repeats a row, but the feed comes out in id order, not in (created_at, id)
# order, and ids do not follow created_at (late events are backdated).
_COLUMNS = "SELECT id, created_at, payload FROM events"


def page(conn, after=None, limit=20):
    last_id = -1 if after is None else after
    rows = conn.execute(
        _COLUMNS + " WHERE id > ? ORDER BY id LIMIT ?", (last_id, limit)
    ).fetchall()
    items = [{"id": i, "created_at": c, "payload": p} for i, c, p in rows]
    cursor = rows[-1][0] if rows else after
    return items, cursor
