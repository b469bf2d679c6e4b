# Mistake: calls on_done only on the send(None) path; close() raises GeneratorExit at
# the yield, which skips that code, so a closed coroutine never reports.


def averager(on_done=None):
    total = 0
    count = 0
    average = None
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
    if on_done is not None:
        on_done(count, average)
    return count, average
