# Mistake: batched() slices its input with islice() without calling iter() on it first.
# On a generator that works, but on a list every islice() starts again from the
# beginning: the first batch is repeated forever.
from collections import deque
from itertools import islice


def parse(lines):
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, _, value = line.partition(",")
        yield name.strip(), int(value)


def select(records, name):
    for record_name, value in records:
        if record_name == name:
            yield value


def rolling_sum(values, k):
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
    while True:
        batch = list(islice(items, n))
        if not batch:
            return
        yield batch


def pipeline(lines, name, k, n):
    return batched(rolling_sum(select(parse(lines), name), k), n)
