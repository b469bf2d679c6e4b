def recent_posts(db, limit):
    """Return the ``limit`` newest posts with their author and comments.

    Each post is a dict:
        {"id": int, "title": str, "author": str or None, "comment_count": int,
         "comments": [{"id": int, "author": str or None, "body": str}, ...]}
    Posts newest first (created_at descending, then id descending); comments by id.

    This version is correct but runs 1 + (posts) + (comments) + ... queries:
    the classic N+1. Rewrite it to run at most 2 queries, whatever the data.
    ``db.execute(sql, params)`` runs raw SQL and returns a list of tuples.
    """
    result = []
    for post in db.recent(limit):
        author = post.author
        comments = []
        for comment in post.comments:
            commenter = comment.author
            comments.append({
                "id": comment.id,
                "author": commenter.name if commenter is not None else None,
                "body": comment.body,
            })
        result.append({
            "id": post.id,
            "title": post.title,
            "author": author.name if author is not None else None,
            "comment_count": len(comments),
            "comments": comments,
        })
    return result
