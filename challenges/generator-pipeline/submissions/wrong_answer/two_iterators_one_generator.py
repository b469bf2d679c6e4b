# Mistake: rolling_sum() walks the input with two iterators, iter(values) twice, the
# "leading" one k items ahead. That works on a list, but on a generator both names are
# the same one-shot iterator, so values are skipped and the sums are wrong (and on a
# list every item is consumed twice).
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
    trailing = iter(values)
    leading = iter(values)
    first = list(islice(leading, k))
    if len(first) < k:
        return
    total = sum(first)
    yield total
    for new in leading:
        old = next(trailing)
        total += new - old
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
