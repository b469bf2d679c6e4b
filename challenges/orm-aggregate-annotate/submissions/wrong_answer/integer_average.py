# Mistake: computes the average as SUM(rating) / COUNT(rating). Both are integers, so
# SQLite does integer division: 4.5 becomes 4, and even exact averages come back as
# int (4) instead of float (4.0).


def author_stats(db, since=None):
    condition = "" if since is None else " AND p.created_at >= ?"
    params = () if since is None else (since,)
    rows = db.execute(
        "SELECT a.id, a.name, COUNT(p.id) AS post_count,"
        " SUM(p.rating) / COUNT(p.rating)"
        " FROM authors AS a LEFT JOIN posts AS p ON p.author_id = a.id" + condition +
        " GROUP BY a.id ORDER BY post_count DESC, a.name, a.id",
        params,
    )
    return [{"id": i, "name": n, "post_count": c, "avg_rating": r} for i, n, c, r in rows]
