"""Reference: one query. The posts are joined once (Count and Sum over the same join agree);
the followers are counted in a correlated subquery, so the two relations never multiply
each other's rows; the newest post's title is a second subquery."""

from django.db.models import Count, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from blog.models import Author, Follow, Post


def author_stats(prefix):
    newest = Post.objects.filter(author=OuterRef("pk")).order_by("-created", "-id")
    follower_count = (
        Follow.objects.filter(author=OuterRef("pk"))
        .order_by()
        .values("author")
        .annotate(total=Count("id"))
        .values("total")
    )
    authors = (
        Author.objects.filter(name__startswith=prefix)
        .annotate(
            post_count=Count("posts"),
            like_total=Coalesce(Sum("posts__likes"), Value(0)),
            follower_count=Coalesce(Subquery(follower_count, output_field=IntegerField()), Value(0)),
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
