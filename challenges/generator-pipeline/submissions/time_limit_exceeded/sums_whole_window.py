# TOO SLOW: correct and lazy, but rolling_sum() re-adds the whole window for every
# output: O(k) per value, O(n * k) in total (200,000 values with k = 20,000).
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
    window = deque(maxlen=k)
    for value in values:
        window.append(value)
        if len(window) == k:
            yield sum(window)


def batched(items, n):
    it = iter(items)
    while True:
        batch = list(islice(it, n))
        if not batch:
            return
        yield batch


def pipeline(lines, name, k, n):
    return batched(rolling_sum(select(parse(lines), name), k), n)
