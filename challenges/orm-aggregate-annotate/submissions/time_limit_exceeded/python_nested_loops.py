# TOO SLOW: two queries (within the budget) and correct, but aggregates in Python by
# scanning every post once per author: O(authors * posts) instead of one GROUP BY (or
# one pass with a dict).


def author_stats(db, since=None):
    authors = db.execute("SELECT id, name FROM authors")
    posts = db.execute("SELECT author_id, rating, created_at FROM posts")
    result = []
    for author_id, name in authors:
        count = 0
        ratings = []
        for post_author, rating, created_at in posts:
            if post_author == author_id and (since is None or created_at >= since):
                count += 1
                if rating is not None:
                    ratings.append(rating)
        avg = sum(ratings) / len(ratings) if ratings else None
        result.append({"id": author_id, "name": name, "post_count": count, "avg_rating": avg})
    result.sort(key=lambda r: (-r["post_count"], r["name"], r["id"]))
    return result
