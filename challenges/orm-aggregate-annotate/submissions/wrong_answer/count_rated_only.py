# Mistake: counts COUNT(p.rating) as the number of posts. COUNT(column) skips NULLs, so
# unrated posts are not counted (and the order changes with it).


def author_stats(db, since=None):
    condition = "" if since is None else " AND p.created_at >= ?"
    params = () if since is None else (since,)
    rows = db.execute(
        "SELECT a.id, a.name, COUNT(p.rating) AS post_count, AVG(p.rating)"
        " FROM authors AS a LEFT JOIN posts AS p ON p.author_id = a.id" + condition +
        " GROUP BY a.id ORDER BY post_count DESC, a.name, a.id",
        params,
    )
    return [{"id": i, "name": n, "post_count": c, "avg_rating": r} for i, n, c, r in rows]
