# Mistake: wraps the loop body in a bare `except:` to skip bad values. That also catches
# the GeneratorExit raised by close(), so the generator yields again and close() raises
# RuntimeError("generator ignored GeneratorExit").


def averager(on_done=None):
    total = 0
    count = 0
    average = None
    while True:
        try:
            value = yield average
            if value is None:
                break
            if value == "reset":
                total, count, average = 0, 0, None
                continue
            total += value
            count += 1
            average = total / count
        except:  # noqa: E722 - the mistake
            continue
    if on_done is not None:
        on_done(count, average)
    return count, average
