"""Wrong: select_related follows foreign keys and one-to-ones only; on a many-to-many
Django raises FieldError ("Invalid field name(s) given in select_related")."""

from django.db.models import Count, Q

from blog.models import Post


def post_page(page, per_page):
    start = (page - 1) * per_page
    posts = (
        Post.objects.filter(published=True)
        .select_related("author", "tags")
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
