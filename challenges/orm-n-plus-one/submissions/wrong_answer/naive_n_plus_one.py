# Mistake: the naive N+1 loop over the lazy ORM: correct data, but one query for the posts,
# one per post for its author, one per post for its comments and one per comment for
# the commenter: far over the budget of 2 as soon as there are posts.
def recent_posts(db, limit):
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
