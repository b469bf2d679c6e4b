"""Custom harness for django-n-plus-one.

Everything Django is set up here, at module level, once: the runner loads this harness in
its prepared parent before any case is forked, so importing Django, configuring settings,
creating the in-memory SQLite tables and filling them with the blog's data never count in
a case's CPU time. Each case's child starts from that state (a fork), so a case cannot
change what the next one sees.

The candidate imports the models from `blog.models` (Author, Tag, Post, Comment) and writes
`post_page(page, per_page)`.

Input: {"page": int, "per_page": int}
Output: {"posts": what post_page returned, as plain data,
         "queries": "at most 3"}, or in its place, when more queries ran, how many and the
         last SQL statement, so that the difference shows why.
        A Django error (FieldError, FieldDoesNotExist, ...) is {"error": "Type: message"}.
"""

import random

import harnesskit

MAX_QUERIES = 3

# The models live in an app "blog" made in memory (no files).
blog = harnesskit.django_setup("blog")

from django.db import models  # noqa: E402


class Author(models.Model):
    name = models.CharField(max_length=100)

    class Meta:
        app_label = "blog"

    __module__ = "blog.models"


class Tag(models.Model):
    name = models.CharField(max_length=50, unique=True)

    class Meta:
        app_label = "blog"

    __module__ = "blog.models"


class Post(models.Model):
    title = models.CharField(max_length=200)
    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="posts")
    tags = models.ManyToManyField(Tag, related_name="posts")
    published = models.BooleanField(default=True)
    created = models.IntegerField()

    class Meta:
        app_label = "blog"

    __module__ = "blog.models"


class Comment(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments")
    body = models.TextField()
    approved = models.BooleanField(default=False)

    class Meta:
        app_label = "blog"

    __module__ = "blog.models"


harnesskit.register(blog.models, Author, Tag, Post, Comment)


def _fill():
    """The blog: 60 authors, 30 tags, 400 posts (some unpublished, some untagged, some
    without comments, many sharing a `created` value), about 2000 comments."""
    rng = random.Random(20251206)
    harnesskit.django_create_tables(Author, Tag, Post, Comment)
    authors = Author.objects.bulk_create(Author(name=f"author-{index:02d}") for index in range(60))
    tags = Tag.objects.bulk_create(Tag(name=f"tag-{index:02d}") for index in range(30))
    posts = Post.objects.bulk_create(
        Post(
            title=f"post {index}",
            author=authors[rng.randrange(len(authors))],
            published=rng.random() > 0.15,
            created=rng.randrange(150),
        )
        for index in range(400)
    )
    links = []
    for post in posts:
        for tag in rng.sample(tags, rng.choice([0, 0, 1, 2, 3, 5])):
            links.append(Post.tags.through(post_id=post.id, tag_id=tag.id))
    Post.tags.through.objects.bulk_create(links)
    Comment.objects.bulk_create(
        Comment(post=post, body=f"comment {index}", approved=rng.random() > 0.3)
        for index, post in enumerate(rng.choice(posts) for _ in range(2000))
    )


_fill()


def run(solution, case_input):
    try:
        with harnesskit.django_queries(MAX_QUERIES) as queries:
            # Evaluated inside the block: a lazy QuerySet returned is queried here.
            posts = harnesskit.plain(list(solution.post_page(case_input["page"], case_input["per_page"])))
    except harnesskit.django_errors() as error:
        return {"error": harnesskit.describe(error)}
    return {"posts": posts, "queries": queries.summary()}
