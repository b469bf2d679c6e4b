# Also accepted: the cursor is an opaque string "created_at:id", and "after the cursor"
# is spelled out without row values: created_at > c OR (created_at = c AND id > i).
# (Without a leading "created_at >= c" SQLite cannot seek the index with this form and
# scans from the start of the index on every page; that is still fast enough here.)


def page(conn, after=None, limit=20):
    sql = "SELECT id, created_at, payload FROM events"
    params = []
    if after is not None:
        created_at, last_id = (int(part) for part in after.split(":"))
        sql += " WHERE created_at > ? OR (created_at = ? AND id > ?)"
        params += [created_at, created_at, last_id]
    sql += " ORDER BY created_at, id LIMIT ?"
    params.append(limit)
    rows = conn.execute(sql, params).fetchall()
    items = [{"id": i, "created_at": c, "payload": p} for i, c, p in rows]
    if not rows:
        return items, after
    return items, "%d:%d" % (rows[-1][1], rows[-1][0])
