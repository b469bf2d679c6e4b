"""A page of blog posts in at most 3 SQL queries. See statement.md."""

from blog.models import Author, Comment, Post, Tag  # noqa: F401


def post_page(page, per_page):
    """The published posts of page `page` (from 1), newest first: a list of dicts
    {"id", "title", "author", "tags", "comment_count"}."""
    raise NotImplementedError
