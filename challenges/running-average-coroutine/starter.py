"""A running-average coroutine. See statement.md."""


def averager(on_done=None):
    """A generator-based coroutine; the caller primes it with next(avg).

    - priming (next) yields None;
    - avg.send(number) yields the average (a float) of the numbers sent so far;
    - avg.send("reset") forgets them all and yields None;
    - avg.send(None) finishes: the generator returns (count, average);
    - on_done(count, average), if given, is called exactly once when the coroutine
      finishes, whether by send(None) or by avg.close().
    """
    raise NotImplementedError("averager is not implemented yet")
    yield  # makes this a generator function
