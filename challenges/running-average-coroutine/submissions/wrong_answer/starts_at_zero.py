# Mistake: initialises the average to 0.0, so priming yields 0.0 instead of None, and a
# reset or a summary without values reports 0.0 instead of None.


def averager(on_done=None):
    total = 0
    count = 0
    average = 0.0
    try:
        while True:
            value = yield average
            if value is None:
                break
            if value == "reset":
                total, count, average = 0, 0, 0.0
                continue
            total += value
            count += 1
            average = total / count
    finally:
        if on_done is not None:
            on_done(count, average)
    return count, average
