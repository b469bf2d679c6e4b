"""Wrong: both multi-valued relations annotated on the same query. SQL joins posts AND
follows, so every post row is repeated once per follower: the counts and the like total
are multiplied (an author with 2 posts and 3 followers shows 6 and 6)."""

from django.db.models import Count, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce

from blog.models import Author, Post


def author_stats(prefix):
    newest = Post.objects.filter(author=OuterRef("pk")).order_by("-created", "-id")
    authors = (
        Author.objects.filter(name__startswith=prefix)
        .annotate(
            post_count=Count("posts"),
            like_total=Coalesce(Sum("posts__likes"), 0),
            follower_count=Count("followers"),
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
