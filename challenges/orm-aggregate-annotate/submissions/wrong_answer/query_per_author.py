# Mistake: correct numbers, but computed with one aggregate query per author (the N+1
# pattern again): 1 + number of authors queries, far over the budget of 2.


def author_stats(db, since=None):
    result = []
    for author_id, name in db.execute("SELECT id, name FROM authors"):
        sql = "SELECT COUNT(*), AVG(rating) FROM posts WHERE author_id = ?"
        params = [author_id]
        if since is not None:
            sql += " AND created_at >= ?"
            params.append(since)
        count, avg = db.execute(sql, params)[0]
        result.append({"id": author_id, "name": name, "post_count": count, "avg_rating": avg})
    result.sort(key=lambda r: (-r["post_count"], r["name"], r["id"]))
    return result
