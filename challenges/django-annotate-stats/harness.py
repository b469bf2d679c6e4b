"""Custom harness for django-annotate-stats.

Everything Django is set up here, at module level, once: the runner loads this harness in
its prepared parent before any case is forked, so importing Django, configuring settings,
creating the in-memory SQLite tables and filling them never count in a case's CPU time.
Each case's child starts from that state (a fork), so a case cannot change what the next
one sees.

The candidate imports the models from `blog.models` (Author, Post, Follow) and writes
`author_stats(prefix)`.

The database holds eight hand-made authors (ada, bea, cal, dan, eve, fay, gus, hal: the
small cases) and 3000 generated ones (gen-0000 to gen-2999, about 30000 posts and 12000
follows, seeded: the large cases).

Input:  {"prefix": str, "digest": bool (optional, default false)}
Output: {"authors": what author_stats returned, as plain data,
         "queries": "at most 3"}, or in its place, when more queries ran, how many and the
         last SQL statement, so that the difference shows why.
        With "digest": "authors" is {"count": n, "sha256": hex of its JSON form}.
        A Django error (FieldError, ...) is {"error": "Type: message"}.
"""

import hashlib
import json
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
    name = models.CharField(max_length=100, unique=True)

    class Meta:
        app_label = "blog"

    __module__ = "blog.models"


class Post(models.Model):
    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="posts")
    title = models.CharField(max_length=200)
    likes = models.IntegerField()
    created = models.IntegerField()

    class Meta:
        app_label = "blog"

    __module__ = "blog.models"


class Follow(models.Model):
    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="followers")
    follower = models.CharField(max_length=100)

    class Meta:
        app_label = "blog"

    __module__ = "blog.models"


for model in (Author, Post, Follow):
    setattr(blog_models, model.__name__, model)

# The hand-made authors: (name, [(title, likes, created), ...], followers).
# bea's posts share a like count (a Sum(distinct=True) drops one), cal and dan have two
# relations that fan out together, eve has followers but no posts, fay has nothing at all,
# gus's newest two posts share `created` (the later id wins), hal has one post and one
# follower (where no fan-out can show).
HAND_MADE = [
    ("ada", [("Notes on the engine", 12, 3), ("A second note", 30, 9)], 0),
    ("bea", [("Tea", 7, 1), ("Coffee", 7, 4), ("Water", 2, 2)], 1),
    ("cal", [("Ravens", 5, 10), ("Crows", 8, 12)], 3),
    ("dan", [("One", 1, 5), ("Two", 2, 6), ("Three", 3, 7)], 2),
    ("eve", [], 4),
    ("fay", [], 0),
    ("gus", [("Old", 4, 1), ("First of the day", 9, 20), ("Second of the day", 0, 20)], 2),
    ("hal", [("Only", 0, 8)], 1),
]


def _fill():
    with connection.schema_editor() as editor:
        for model in (Author, Post, Follow):
            editor.create_model(model)
    rng = random.Random(20261206)
    specs = list(HAND_MADE)
    for index in range(3000):
        posts = [
            (f"gen {index} post {number}", rng.randrange(0, 40), rng.randrange(0, 500))
            for number in range(rng.choice([0, 0, 1, 3, 6, 10, 14, 20, 25]))
        ]
        specs.append((f"gen-{index:04d}", posts, rng.choice([0, 0, 1, 2, 3, 5, 8, 12])))
    # Created in a shuffled order, so that ids do not follow names.
    rng.shuffle(specs)
    # Rows written by plain SQL with the ids bulk_create would give (1, 2, ... in this
    # order): building some 40,000 model instances first cost seconds of every
    # submission's set-up.
    authors = []
    posts = []
    follows = []
    for author_id, (name, author_posts, followers) in enumerate(specs, start=1):
        authors.append((author_id, name))
        posts.extend((author_id, title, likes, created) for title, likes, created in author_posts)
        follows.extend((author_id, f"reader-{number}") for number in range(followers))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {Author._meta.db_table} (id, name) VALUES (%s, %s)", authors)
        cursor.executemany(
            f"INSERT INTO {Post._meta.db_table} (author_id, title, likes, created) VALUES (%s, %s, %s, %s)", posts
        )
        cursor.executemany(f"INSERT INTO {Follow._meta.db_table} (author_id, follower) VALUES (%s, %s)", follows)


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


# Past this many queries a case stops: the answer is wrong already, and a loop of queries per
# author over thousands of authors would otherwise run into the time limit first.
QUERY_CUTOFF = 50


class TooManyQueries(Exception):
    pass


def run(solution, case_input):
    executed = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        if len(executed) > QUERY_CUTOFF:
            raise TooManyQueries()
        return execute(sql, params, many, context)

    try:
        with connection.execute_wrapper(count):
            # Evaluated inside the wrapper: a lazy QuerySet returned is queried here.
            authors = _plain(list(solution.author_stats(case_input["prefix"])))
    except TooManyQueries:
        authors = None
    except (FieldError, FieldDoesNotExist, ObjectDoesNotExist, TypeError, ValueError, AttributeError) as error:
        return {"error": f"{type(error).__name__}: {error}"}
    if len(executed) > QUERY_CUTOFF:
        fact("queries", f"over {QUERY_CUTOFF} (budget {MAX_QUERIES})")  # noqa: F821 - the runner's
        return {"authors": None, "queries": f"over {QUERY_CUTOFF} queries, at most {MAX_QUERIES} allowed; the last: {executed[QUERY_CUTOFF - 1][:200]}"}
    if len(executed) <= MAX_QUERIES:
        queries = f"at most {MAX_QUERIES}"
    else:
        queries = f"{len(executed)} queries, at most {MAX_QUERIES} allowed; the last: {executed[-1][:200]}"
        fact("queries", f"{len(executed)} (budget {MAX_QUERIES})")  # noqa: F821 - the runner's
    if case_input.get("digest"):
        text = json.dumps(authors, sort_keys=True, separators=(",", ":"))
        authors = {"count": len(authors), "sha256": hashlib.sha256(text.encode()).hexdigest()}
    return {"authors": authors, "queries": queries}
