"""Wrong: distinct=True fixes the counts of the fan-out, but Sum(..., distinct=True) adds up
distinct like VALUES, not distinct posts: two posts with 7 likes each count 7 once."""

from django.db.models import Count, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce

from blog.models import Author, Post


def author_stats(prefix):
    newest = Post.objects.filter(author=OuterRef("pk")).order_by("-created", "-id")
    authors = (
        Author.objects.filter(name__startswith=prefix)
        .annotate(
            post_count=Count("posts", distinct=True),
            like_total=Coalesce(Sum("posts__likes", distinct=True), 0),
            follower_count=Count("followers", distinct=True),
            latest=Subquery(newest.values("title")[:1]),
        )
        .order_by("name")
    )
    return [
        {
            "name": author.name,
            "posts": author.post_count,
            "likes": author.like_total,
            "followers": author.follower_count,
            "latest": author.latest,
        }
        for author in authors
    ]
