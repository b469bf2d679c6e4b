# Mistake: one JOIN across the reverse relation, de-duplicated correctly by post id in
# Python, but the LIMIT applies to the joined rows, not to posts: when the newest posts
# have comments, fewer than `limit` posts come back and the last one loses comments.


def recent_posts(db, limit):
    rows = db.execute(
        "SELECT p.id, p.title, a.name, c.id, ca.name, c.body"
        " FROM posts AS p"
        " LEFT JOIN authors AS a ON a.id = p.author_id"
        " LEFT JOIN comments AS c ON c.post_id = p.id"
        " LEFT JOIN authors AS ca ON ca.id = c.author_id"
        " ORDER BY p.created_at DESC, p.id DESC, c.id"
        " LIMIT ?",
        (limit,),
    )
    result = []
    by_id = {}
    for post_id, title, author, comment_id, commenter, body in rows:
        post = by_id.get(post_id)
        if post is None:
            post = {"id": post_id, "title": title, "author": author,
                    "comment_count": 0, "comments": []}
            by_id[post_id] = post
            result.append(post)
        if comment_id is not None:
            post["comments"].append({"id": comment_id, "author": commenter, "body": body})
            post["comment_count"] += 1
    return result
