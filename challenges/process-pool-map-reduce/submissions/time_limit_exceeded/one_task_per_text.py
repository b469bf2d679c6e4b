# Too slow: submits one task per text, so every text pays a pickle round trip and a
# queue hand-off between processes; chunking amortises that cost over many texts.
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
    # One task per text: the chunk size is ignored.
    futures = [executor.submit(count_chunk, [text]) for text in texts]
    total = Counter()
    for future in futures:
        total.update(future.result())
    return dict(total)
