# Mistake: LEFT JOIN is right, but COUNT(*) counts rows, and an author without posts
# still produces one (all-NULL) joined row: they get post_count 1 instead of 0.


def author_stats(db, since=None):
    condition = "" if since is None else " AND p.created_at >= ?"
    params = () if since is None else (since,)
    rows = db.execute(
        "SELECT a.id, a.name, COUNT(*) AS post_count, AVG(p.rating)"
        " FROM authors AS a LEFT JOIN posts AS p ON p.author_id = a.id" + condition +
        " GROUP BY a.id ORDER BY post_count DESC, a.name, a.id",
        params,
    )
    return [{"id": i, "name": n, "post_count": c, "avg_rating": r} for i, n, c, r in rows]
