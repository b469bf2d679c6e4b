# Mistake: splits the input into one chunk per worker process instead of chunks of
# chunk_size texts, so the tasks are as many as the workers, whatever chunk_size says.
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
    if type(chunk_size) is not int or chunk_size < 1:
        raise ValueError("chunk_size must be an int >= 1")
    workers = executor._max_workers
    size = max(1, -(-len(texts) // workers))
    chunks = [texts[start:start + size] for start in range(0, len(texts), size)]
    total = Counter()
    # The reduce step: addition is commutative, so the order partials arrive in is irrelevant.
    for partial in executor.map(count_chunk, chunks):
        total.update(partial)
    return dict(total)
