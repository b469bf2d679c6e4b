"""Wrong: the obvious loop. Every post then queries its author, its tags and its comments:
1 + 3 queries per post (the N+1 problem, three times over)."""

from blog.models import Post


def post_page(page, per_page):
    start = (page - 1) * per_page
    posts = Post.objects.filter(published=True).order_by("-created", "-id")[start : start + per_page]
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
