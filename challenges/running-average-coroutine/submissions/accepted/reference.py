"""A send()-driven running average coroutine."""


def averager(on_done=None):
    """Prime with next(); send numbers to get the running mean (a float).

    send("reset") starts over and yields None; send(None) finishes and returns
    (count, average). on_done(count, average) is called exactly once when the
    coroutine finishes, by send(None) or by close().
    """
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
        # Runs on send(None) (break) and on close() (GeneratorExit at the yield).
        if on_done is not None:
            on_done(count, average)
    return count, average
