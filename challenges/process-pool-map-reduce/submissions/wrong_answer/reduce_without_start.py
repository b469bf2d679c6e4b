# Mistake: merges the partials with functools.reduce(operator.add, ...) and no start
# value, which raises TypeError for an empty input instead of returning {}.
"""Word count as map-reduce on a process pool: chunks out, partial Counters back, summed."""

import functools
import operator
import re
from collections import Counter

_WORD = re.compile(r"[a-z]+")


def count_chunk(texts):
    """The map step. Top-level, so the pool can pickle it by name."""
    counts = Counter()
    for text in texts:
        counts.update(_WORD.findall(text.lower()))
    return counts


def count_words(texts, executor, chunk_size):
    if type(chunk_size) is not int or chunk_size < 1:
        raise ValueError("chunk_size must be an int >= 1")
    chunks = [texts[start:start + chunk_size] for start in range(0, len(texts), chunk_size)]
    total = functools.reduce(operator.add, executor.map(count_chunk, chunks))
    return dict(total)
