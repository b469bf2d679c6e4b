"""Reference: one query for the page (author joined, approved comments counted), one for
the tags of its posts."""

from django.db.models import Count, Q

from blog.models import Post


def post_page(page, per_page):
    start = (page - 1) * per_page
    posts = (
        Post.objects.filter(published=True)
        .select_related("author")
        .prefetch_related("tags")
        .annotate(comment_count=Count("comments", filter=Q(comments__approved=True)))
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
