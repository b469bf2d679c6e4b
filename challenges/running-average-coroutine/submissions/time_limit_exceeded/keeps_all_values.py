# TOO SLOW: correct, but keeps every value in a list and recomputes sum(values) on each
# send: O(n) per send, O(n^2) for 200,000 values.


def averager(on_done=None):
    values = []
    average = None
    try:
        while True:
            value = yield average
            if value is None:
                break
            if value == "reset":
                values, average = [], None
                continue
            values.append(value)
            average = sum(values) / len(values)
    finally:
        if on_done is not None:
            on_done(len(values), average)
    return len(values), average
