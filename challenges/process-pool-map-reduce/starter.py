"""Word count as map-reduce on a process pool. See statement.md."""

import re
from collections import Counter

WORD = re.compile(r"[a-z]+")


def count_words(texts, executor, chunk_size):
    """Count the words of ``texts`` on ``executor`` (a process pool), ``chunk_size`` texts a task."""
    raise NotImplementedError
