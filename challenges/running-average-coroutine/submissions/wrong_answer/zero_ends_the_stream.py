# Mistake: tests the sentinel with `if not value:` instead of `if value is None:`, so
# sending 0 (or 0.0) finishes the coroutine instead of being averaged.


def averager(on_done=None):
    total = 0
    count = 0
    average = None
    try:
        while True:
            value = yield average
            if not value:
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
