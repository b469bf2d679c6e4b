"""Accepted too: the two relations aggregated in two queries (posts with the newest title,
followers on their own), merged by author id in a dict."""

from django.db.models import Count, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce

from blog.models import Author, Post


def author_stats(prefix):
    newest_title = Subquery(
        Post.objects.filter(author=OuterRef("pk")).order_by("-created", "-id").values("title")[:1]
    )
    rows = (
        Author.objects.filter(name__startswith=prefix)
        .annotate(n_posts=Count("posts"), n_likes=Coalesce(Sum("posts__likes"), 0), newest=newest_title)
        .order_by("name")
        .values("id", "name", "n_posts", "n_likes", "newest")
    )
    followers = dict(
        Author.objects.filter(name__startswith=prefix)
        .annotate(n_followers=Count("followers"))
        .values_list("id", "n_followers")
    )
    return [
        {
            "name": row["name"],
            "posts": row["n_posts"],
            "likes": row["n_likes"],
            "followers": followers[row["id"]],
            "latest": row["newest"],
        }
        for row in rows
    ]
