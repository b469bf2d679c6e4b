"""Wrong: the comments are prefetched, but .filter() on the prefetched relation builds a new
QuerySet, which queries the database again for every post."""

from blog.models import Post


def post_page(page, per_page):
    start = (page - 1) * per_page
    posts = (
        Post.objects.filter(published=True)
        .select_related("author")
        .prefetch_related("tags", "comments")
        .order_by("-created", "-id")[start : start + per_page]
    )
    return [
        {
            "id": post.id,
            "title": post.title,
            "author": post.author.name,
            "tags": sorted(tag.name for tag in post.tags.all()),
            "comment_count": post.comments.filter(approved=True).count(),
        }
        for post in posts
    ]
