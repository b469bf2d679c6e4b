# Mistake: orders names with COLLATE NOCASE (as a person would sort them), where the
# statement asks for plain case-sensitive string order: "Zoe" comes before "ada".
def author_stats(db, since=None):
    """Per-author post count and average rating, in one GROUP BY query.

    LEFT JOIN keeps authors without (matching) posts; the date filter sits in the
    JOIN's ON clause, not in WHERE, so it cannot drop those authors; COUNT(p.id)
    counts only real posts (0 for the all-NULL row of an author without posts); AVG
    ignores NULL ratings and is NULL when nothing is rated.
    """
    condition = "" if since is None else " AND p.created_at >= ?"
    params = () if since is None else (since,)
    rows = db.execute(
        "SELECT a.id, a.name, COUNT(p.id) AS post_count, AVG(p.rating)"
        " FROM authors AS a"
        " LEFT JOIN posts AS p ON p.author_id = a.id" + condition +
        " GROUP BY a.id"
        " ORDER BY post_count DESC, a.name COLLATE NOCASE ASC, a.id ASC",
        params,
    )
    return [{"id": author_id, "name": name, "post_count": count, "avg_rating": avg}
            for author_id, name, count, avg in rows]
