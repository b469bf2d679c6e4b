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

import harnesskit

MAX_QUERIES = 3

# The models live in an app "blog" made in memory (no files).
blog = harnesskit.django_setup("blog")

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


harnesskit.register(blog.models, Author, Post, Follow)

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
    harnesskit.django_create_tables(Author, Post, Follow)
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


# Past this many queries a case stops: the answer is wrong already, and a loop of queries per
# author over thousands of authors would otherwise run into the time limit first.
QUERY_CUTOFF = 50


def run(solution, case_input):
    try:
        with harnesskit.django_queries(MAX_QUERIES, QUERY_CUTOFF) as queries:
            # Evaluated inside the block: a lazy QuerySet returned is queried here.
            authors = harnesskit.plain(list(solution.author_stats(case_input["prefix"])))
    except harnesskit.TooManyQueries:
        authors = None
    except harnesskit.django_errors() as error:
        return {"error": harnesskit.describe(error)}
    if queries.cut_off:
        fact("queries", queries.fact())  # noqa: F821 - the runner's
        return {"authors": None, "queries": queries.summary()}
    if not queries.within():
        fact("queries", queries.fact())  # noqa: F821 - the runner's
    if case_input.get("digest"):
        text = json.dumps(authors, sort_keys=True, separators=(",", ":"))
        authors = {"count": len(authors), "sha256": hashlib.sha256(text.encode()).hexdigest()}
    return {"authors": authors, "queries": queries.summary()}
