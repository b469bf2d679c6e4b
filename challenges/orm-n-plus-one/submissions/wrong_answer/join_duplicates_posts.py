# Mistake: loads everything with one JOIN across the reverse relation and turns every
# joined row into a post, so a post with k comments appears k times (each time with a
# single comment), and the LIMIT counts joined rows instead of posts.


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
    for post_id, title, author, comment_id, commenter, body in rows:
        comments = []
        if comment_id is not None:
            comments.append({"id": comment_id, "author": commenter, "body": body})
        result.append({"id": post_id, "title": title, "author": author,
                       "comment_count": len(comments), "comments": comments})
    return result
