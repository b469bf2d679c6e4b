"""Too slow: three queries (within the budget), then every author scans the whole list of
posts and follows for its own: O(authors x (posts + follows)) in Python."""

from blog.models import Author, Follow, Post


def author_stats(prefix):
    authors = list(Author.objects.filter(name__startswith=prefix).order_by("name"))
    posts = list(Post.objects.filter(author__name__startswith=prefix))
    follows = list(Follow.objects.filter(author__name__startswith=prefix))
    result = []
    for author in authors:
        mine = [post for post in posts if post.author_id == author.id]
        newest = max(mine, key=lambda post: (post.created, post.id), default=None)
        result.append(
            {
                "name": author.name,
                "posts": len(mine),
                "likes": sum(post.likes for post in mine),
                "followers": sum(1 for follow in follows if follow.author_id == author.id),
                "latest": newest.title if newest else None,
            }
        )
    return result
