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
import sys
import types

import django
from django.conf import settings

MAX_QUERIES = 3

# The models live in an app "blog" made here (no files): its package and AppConfig are
# registered before set-up, its models module is filled in after it.
blog = types.ModuleType("blog")
blog.__path__ = []
blog_apps = types.ModuleType("blog.apps")
blog_models = types.ModuleType("blog.models")
blog.apps, blog.models = blog_apps, blog_models
sys.modules.update({"blog": blog, "blog.apps": blog_apps})

from django.apps import AppConfig  # noqa: E402


class BlogConfig(AppConfig):
    name = "blog"
    path = "/judge"
    default_auto_field = "django.db.models.AutoField"


BlogConfig.__module__ = "blog.apps"
blog_apps.BlogConfig = BlogConfig

settings.configure(
    DEBUG=False,
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
    INSTALLED_APPS=["blog.apps.BlogConfig"],
    USE_TZ=False,
    DEFAULT_AUTO_FIELD="django.db.models.AutoField",
)
django.setup()
sys.modules["blog.models"] = blog_models

from django.core.exceptions import FieldDoesNotExist, FieldError, ObjectDoesNotExist  # noqa: E402
from django.db import connection, models  # noqa: E402


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


for model in (Author, Tag, Post, Comment):
    setattr(blog_models, model.__name__, model)


def _fill():
    """The blog: 60 authors, 30 tags, 400 posts (some unpublished, some untagged, some
    without comments, many sharing a `created` value), about 2000 comments."""
    rng = random.Random(20251206)
    with connection.schema_editor() as editor:
        for model in (Author, Tag, Post, Comment):
            editor.create_model(model)
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


def _plain(value, depth=0):
    if depth > 20:
        return "<too deep>"
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, dict):
        return {str(key): _plain(item, depth + 1) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item, depth + 1) for item in value]
    return f"<object {type(value).__name__}>"


def run(solution, case_input):
    executed = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    try:
        with connection.execute_wrapper(count):
            # Evaluated inside the wrapper: a lazy QuerySet returned is queried here.
            posts = _plain(list(solution.post_page(case_input["page"], case_input["per_page"])))
    except (FieldError, FieldDoesNotExist, ObjectDoesNotExist, TypeError, ValueError, AttributeError) as error:
        return {"error": f"{type(error).__name__}: {error}"}
    if len(executed) <= MAX_QUERIES:
        queries = f"at most {MAX_QUERIES}"
    else:
        queries = f"{len(executed)} queries, at most {MAX_QUERIES} allowed; the last: {executed[-1][:200]}"
    return {"posts": posts, "queries": queries}
