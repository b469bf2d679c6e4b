# Mistake: checks only chunk_size < 1, so a float such as 2.0 gets through and range()
# raises TypeError instead of the ValueError asked for.
"""Word count as map-reduce on a process pool: chunks out, partial Counters back, summed."""

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
    if chunk_size < 1:
        raise ValueError("chunk_size must be an int >= 1")
    chunks = [texts[start:start + chunk_size] for start in range(0, len(texts), chunk_size)]
    total = Counter()
    # The reduce step: addition is commutative, so the order partials arrive in is irrelevant.
    for partial in executor.map(count_chunk, chunks):
        total.update(partial)
    return dict(total)
