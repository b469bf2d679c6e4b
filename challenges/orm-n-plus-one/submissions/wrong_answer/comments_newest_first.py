# Mistake: orders each post's comments newest first, like the posts, where the statement
# asks for comment id ascending.
def recent_posts(db, limit):
    """The ``limit`` newest posts with their author and comments, in two queries.

    Query 1 (select_related): posts LEFT JOIN authors, so posts whose author is
    gone (author_id NULL) are kept, ordered and limited on post rows only.
    Query 2 (prefetch_related): every comment of those posts in one IN query,
    with the comment's author LEFT JOINed as well; grouped by post in Python.
    """
    rows = db.execute(
        "SELECT p.id, p.title, a.name"
        " FROM posts AS p LEFT JOIN authors AS a ON a.id = p.author_id"
        " ORDER BY p.created_at DESC, p.id DESC"
        " LIMIT ?",
        (limit,),
    )
    posts = []
    by_id = {}
    for post_id, title, author in rows:
        post = {"id": post_id, "title": title, "author": author,
                "comment_count": 0, "comments": []}
        posts.append(post)
        by_id[post_id] = post
    if not posts:
        return posts

    placeholders = ",".join("?" * len(by_id))
    comment_rows = db.execute(
        "SELECT c.id, c.post_id, a.name, c.body"
        " FROM comments AS c LEFT JOIN authors AS a ON a.id = c.author_id"
        " WHERE c.post_id IN (%s)"
        " ORDER BY c.id DESC" % placeholders,
        list(by_id),
    )
    for comment_id, post_id, author, body in comment_rows:
        post = by_id[post_id]
        post["comments"].append({"id": comment_id, "author": author, "body": body})
        post["comment_count"] += 1
    return posts
