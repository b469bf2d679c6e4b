"""Wrong: SQL's SUM over no rows is NULL, so an author without posts gets "likes": None
instead of 0 (Coalesce(Sum(...), 0) turns it into 0)."""

from django.db.models import Count, OuterRef, Subquery, Sum

from blog.models import Author, Follow, Post


def author_stats(prefix):
    newest = Post.objects.filter(author=OuterRef("pk")).order_by("-created", "-id")
    authors = (
        Author.objects.filter(name__startswith=prefix)
        .annotate(
            post_count=Count("posts"),
            like_total=Sum("posts__likes"),
            latest=Subquery(newest.values("title")[:1]),
        )
        .order_by("name")
    )
    followers = dict(
        Follow.objects.filter(author__name__startswith=prefix)
        .values("author")
        .annotate(total=Count("id"))
        .values_list("author", "total")
    )
    return [
        {
            "name": author.name,
            "posts": author.post_count,
            "likes": author.like_total,
            "followers": followers.get(author.id, 0),
            "latest": author.latest,
        }
        for author in authors
    ]
