# Mistake: orders by post_count only; authors with the same count come back in whatever
# order SQLite grouped them (by id here), not by name then id as required.


def author_stats(db, since=None):
    condition = "" if since is None else " AND p.created_at >= ?"
    params = () if since is None else (since,)
    rows = db.execute(
        "SELECT a.id, a.name, COUNT(p.id) AS post_count, AVG(p.rating)"
        " FROM authors AS a LEFT JOIN posts AS p ON p.author_id = a.id" + condition +
        " GROUP BY a.id ORDER BY post_count DESC",
        params,
    )
    return [{"id": i, "name": n, "post_count": c, "avg_rating": r} for i, n, c, r in rows]
