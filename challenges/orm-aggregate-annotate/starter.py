def author_stats(db, since=None):
    """Return one dict per author, including authors without posts:

        {"id": int, "name": str, "post_count": int, "avg_rating": float or None}

    Only posts with created_at >= since count (all posts when since is None).
    avg_rating averages the rated posts among those (ratings may be NULL); it is None
    when none of them is rated. Order: post_count descending, then name, then id.

    Use at most 2 queries: ``db.execute(sql, params)`` returns a list of tuples.
    """
    raise NotImplementedError("author_stats is not implemented yet")
