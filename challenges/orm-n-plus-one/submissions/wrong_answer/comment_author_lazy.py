# Mistake: prefetches the comments in one IN query but then resolves each comment's
# author with its own lookup (the nested N+1: the prefetched relation's foreign key
# is not joined). Memoising by author id helps, but it is still one query per
# distinct commenter.


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
    names = {}
    for comment_id, post_id, author_id, body in db.execute(
        "SELECT id, post_id, author_id, body FROM comments"
        " WHERE post_id IN (%s) ORDER BY id" % placeholders,
        list(by_id),
    ):
        if author_id not in names:
            author = db.get_author(author_id)
            names[author_id] = author.name if author is not None else None
        by_id[post_id]["comments"].append(
            {"id": comment_id, "author": names[author_id], "body": body})
        by_id[post_id]["comment_count"] += 1
    return posts
