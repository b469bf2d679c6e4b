# Mistake: orders by (created_at, id) but keeps only the last id as the cursor and asks
# for id > cursor, as if ids followed creation time. Older-looking rows with larger ids
# come back again, newer rows with smaller ids are skipped.


def page(conn, after=None, limit=20):
    rows = conn.execute(
        "SELECT id, created_at, payload FROM events WHERE id > ?"
        " ORDER BY created_at, id LIMIT ?",
        (after or 0, limit),
    ).fetchall()
    items = [{"id": i, "created_at": c, "payload": p} for i, c, p in rows]
    return items, (rows[-1][0] if rows else after)
