# Mistake: prefetches comments with `posts LEFT JOIN comments ... WHERE p.id IN (...)`
# and appends a comment for every joined row, so a post without comments gets one
# all-NULL comment and a comment_count of 1 instead of 0.


def recent_posts(db, limit):
    rows = db.execute(
        "SELECT p.id, p.title, a.name"
        " FROM posts AS p LEFT JOIN authors AS a ON a.id = p.author_id"
        " ORDER BY p.created_at DESC, p.id DESC LIMIT ?",
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
    for post_id, comment_id, author, body in db.execute(
        "SELECT p.id, c.id, a.name, c.body"
        " FROM posts AS p"
        " LEFT JOIN comments AS c ON c.post_id = p.id"
        " LEFT JOIN authors AS a ON a.id = c.author_id"
        " WHERE p.id IN (%s) ORDER BY c.id" % placeholders,
        list(by_id),
    ):
        by_id[post_id]["comments"].append({"id": comment_id, "author": author, "body": body})
        by_id[post_id]["comment_count"] += 1
    return posts
