# Mistake: select_related with an INNER JOIN on a nullable foreign key: posts whose
# author was deleted (author_id NULL) silently disappear from the feed, and older
# posts move up to fill the limit. (Comment authors use LEFT JOIN correctly.)


def recent_posts(db, limit):
    rows = db.execute(
        "SELECT p.id, p.title, a.name"
        " FROM posts AS p JOIN authors AS a ON a.id = p.author_id"
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
    for comment_id, post_id, author, body in db.execute(
        "SELECT c.id, c.post_id, a.name, c.body"
        " FROM comments AS c LEFT JOIN authors AS a ON a.id = c.author_id"
        " WHERE c.post_id IN (%s) ORDER BY c.id" % placeholders,
        list(by_id),
    ):
        by_id[post_id]["comments"].append({"id": comment_id, "author": author, "body": body})
        by_id[post_id]["comment_count"] += 1
    return posts
