"""Per-author statistics in at most 3 SQL queries. See statement.md."""

from blog.models import Author, Follow, Post  # noqa: F401


def author_stats(prefix):
    """One dict per author whose name starts with `prefix`, ordered by name:
    {"name", "posts", "likes", "followers", "latest"}."""
    raise NotImplementedError
