"""Wrong: within the query budget, but Count("comments") counts unapproved comments too:
the filter belongs inside the aggregate (Count(..., filter=Q(...)))."""

from django.db.models import Count

from blog.models import Post


def post_page(page, per_page):
    start = (page - 1) * per_page
    posts = (
        Post.objects.filter(published=True)
        .select_related("author")
        .prefetch_related("tags")
        .annotate(comment_count=Count("comments"))
        .order_by("-created", "-id")[start : start + per_page]
    )
    return [
        {
            "id": post.id,
            "title": post.title,
            "author": post.author.name,
            "tags": sorted(tag.name for tag in post.tags.all()),
            "comment_count": post.comment_count,
        }
        for post in posts
    ]
