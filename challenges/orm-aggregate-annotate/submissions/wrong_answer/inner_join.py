# Mistake: JOIN (an INNER JOIN) instead of LEFT JOIN, so authors without any matching
# post vanish from the result instead of appearing with post_count 0.


def author_stats(db, since=None):
    condition = "" if since is None else " AND p.created_at >= ?"
    params = () if since is None else (since,)
    rows = db.execute(
        "SELECT a.id, a.name, COUNT(p.id) AS post_count, AVG(p.rating)"
        " FROM authors AS a JOIN posts AS p ON p.author_id = a.id" + condition +
        " GROUP BY a.id ORDER BY post_count DESC, a.name, a.id",
        params,
    )
    return [{"id": i, "name": n, "post_count": c, "avg_rating": r} for i, n, c, r in rows]
