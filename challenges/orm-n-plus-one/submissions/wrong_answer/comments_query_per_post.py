# Mistake: fixes only the foreign key (posts JOIN authors in one query) but still loads
# each post's comments with its own query: 1 + N queries, over the budget as soon as
# there are two or more posts.


def recent_posts(db, limit):
    rows = db.execute(
        "SELECT p.id, p.title, a.name"
        " FROM posts AS p LEFT JOIN authors AS a ON a.id = p.author_id"
        " ORDER BY p.created_at DESC, p.id DESC LIMIT ?",
        (limit,),
    )
    result = []
    for post_id, title, author in rows:
        comments = [
            {"id": cid, "author": name, "body": body}
            for cid, name, body in db.execute(
                "SELECT c.id, a.name, c.body"
                " FROM comments AS c LEFT JOIN authors AS a ON a.id = c.author_id"
                " WHERE c.post_id = ? ORDER BY c.id",
                (post_id,),
            )
        ]
        result.append({"id": post_id, "title": title, "author": author,
                       "comment_count": len(comments), "comments": comments})
    return result
