"""Map-reduce with submit() per chunk, merged in completion order (addition commutes)."""

import re
from concurrent.futures import as_completed
from itertools import islice

WORD = re.compile("[a-z]+")


def map_chunk(texts):
    counts = {}
    for text in texts:
        for word in WORD.findall(text.lower()):
            counts[word] = counts.get(word, 0) + 1
    return counts


def chunked(items, size):
    iterator = iter(items)
    while True:
        chunk = list(islice(iterator, size))
        if not chunk:
            return
        yield chunk


def count_words(texts, executor, chunk_size):
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, int) or chunk_size <= 0:
        raise ValueError("chunk_size must be positive")
    futures = [executor.submit(map_chunk, chunk) for chunk in chunked(texts, chunk_size)]
    merged = {}
    for future in as_completed(futures):
        for word, count in future.result().items():
            merged[word] = merged.get(word, 0) + count
    return merged
