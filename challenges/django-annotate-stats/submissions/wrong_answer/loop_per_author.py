"""Wrong: correct numbers, but computed in Python with queries per author (count, sum,
followers, newest post): 1 + 4 queries per author, the N+1 problem."""

from blog.models import Author


def author_stats(prefix):
    result = []
    for author in Author.objects.filter(name__startswith=prefix).order_by("name"):
        posts = author.posts.all()
        newest = posts.order_by("-created", "-id").first()
        result.append(
            {
                "name": author.name,
                "posts": posts.count(),
                "likes": sum(post.likes for post in posts),
                "followers": author.followers.count(),
                "latest": newest.title if newest else None,
            }
        )
    return result
