# Mistake: the date filter goes in WHERE instead of the JOIN's ON clause. WHERE runs after
# the LEFT JOIN and rejects the all-NULL row, so authors whose posts are all older than
# `since` (or who have no posts) disappear: the LEFT JOIN silently became an INNER JOIN.


def author_stats(db, since=None):
    where = "" if since is None else " WHERE p.created_at >= ?"
    params = () if since is None else (since,)
    rows = db.execute(
        "SELECT a.id, a.name, COUNT(p.id) AS post_count, AVG(p.rating)"
        " FROM authors AS a LEFT JOIN posts AS p ON p.author_id = a.id" + where +
        " GROUP BY a.id ORDER BY post_count DESC, a.name, a.id",
        params,
    )
    return [{"id": i, "name": n, "post_count": c, "avg_rating": r} for i, n, c, r in rows]
