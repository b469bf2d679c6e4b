# Mistake: primes the coroutine itself with a @coroutine decorator although the statement
# says the caller primes it: the caller's next() then acts as send(None) and finishes the
# coroutine straight away.
import functools


def coroutine(func):
    @functools.wraps(func)
    def start(*args, **kwargs):
        gen = func(*args, **kwargs)
        next(gen)
        return gen
    return start


@coroutine
def averager(on_done=None):
    total = 0
    count = 0
    average = None
    try:
        while True:
            value = yield average
            if value is None:
                break
            if value == "reset":
                total, count, average = 0, 0, None
                continue
            total += value
            count += 1
            average = total / count
    finally:
        if on_done is not None:
            on_done(count, average)
    return count, average
