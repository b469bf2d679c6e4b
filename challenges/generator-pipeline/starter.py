"""A lazy pipeline of generator stages. See statement.md.

Every stage takes an iterable and returns an iterator (write generator functions).
A stage must take an item from its input only when it needs one more item to produce
the output that is being requested: never ahead of time, never all at once.
"""


def parse(lines):
    """Yield (name, value) tuples from "name,value" lines; skip blank and "#" lines."""
    raise NotImplementedError


def select(records, name):
    """Yield the value of every (name, value) record whose name equals ``name``."""
    raise NotImplementedError


def rolling_sum(values, k):
    """Yield the sum of each window of k consecutive values (O(1) per value)."""
    raise NotImplementedError


def batched(items, n):
    """Yield lists of n consecutive items; the last one may be shorter, never empty."""
    raise NotImplementedError


def pipeline(lines, name, k, n):
    """Compose the stages: batched(rolling_sum(select(parse(lines), name), k), n)."""
    raise NotImplementedError
