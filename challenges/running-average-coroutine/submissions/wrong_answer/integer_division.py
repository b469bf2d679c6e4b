# Mistake: uses floor division (total // count), so the average is an int when the values
# are ints, and it is rounded down (1 and 2 average to 1, not 1.5).


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
            average = total // count
    finally:
        if on_done is not None:
            on_done(count, average)
    return count, average
