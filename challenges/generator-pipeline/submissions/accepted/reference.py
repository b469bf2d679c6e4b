"""A lazy pipeline of generator stages: parse -> select -> rolling_sum -> batched."""
from collections import deque
from itertools import islice


def parse(lines):
    """Yield (name, value) for every "name,value" line; skip blank and comment lines."""
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, _, value = line.partition(",")
        yield name.strip(), int(value)


def select(records, name):
    """Yield the value of every (name, value) record with the given name."""
    for record_name, value in records:
        if record_name == name:
            yield value


def rolling_sum(values, k):
    """Yield the sum of every window of k consecutive values, in O(1) per value."""
    it = iter(values)
    window = deque(islice(it, k))
    if len(window) < k:
        return
    total = sum(window)
    yield total
    for value in it:
        total += value - window.popleft()
        window.append(value)
        yield total


def batched(items, n):
    """Yield lists of n consecutive items; the last list may be shorter, never empty."""
    it = iter(items)
    while True:
        batch = list(islice(it, n))
        if not batch:
            return
        yield batch


def pipeline(lines, name, k, n):
    """batched(rolling_sum(select(parse(lines), name), k), n), lazily."""
    return batched(rolling_sum(select(parse(lines), name), k), n)
