# Mistake: the merge adds each partial only to the words already in the total, so a
# word that first appears in a later chunk is dropped.
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
    chunks = [texts[start:start + chunk_size] for start in range(0, len(texts), chunk_size)]
    total = None
    for partial in executor.map(count_chunk, chunks):
        if total is None:
            total = dict(partial)
        else:
            for word in total:
                total[word] += partial.get(word, 0)
    if total is None:
        total = {}
    return dict(total)
