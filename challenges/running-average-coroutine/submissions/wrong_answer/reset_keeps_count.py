# Mistake: "reset" clears the total but forgets to reset the count, so every average
# after a reset is divided by too many values.


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
                total, average = 0, None
                continue
            total += value
            count += 1
            average = total / count
    finally:
        if on_done is not None:
            on_done(count, average)
    return count, average
