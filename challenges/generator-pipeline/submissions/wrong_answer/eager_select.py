# Mistake: select() builds a list with a comprehension instead of yielding, so it
# consumes its whole input as soon as it is called (and never returns on an endless log).
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
    return [value for record_name, value in records if record_name == name]


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
    it = iter(items)
    while True:
        batch = list(islice(it, n))
        if not batch:
            return
        yield batch


def pipeline(lines, name, k, n):
    return batched(rolling_sum(select(parse(lines), name), k), n)
