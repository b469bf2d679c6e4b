# TOO SLOW: correct, but builds the whole backoff schedule (times - 1 delays, with
# ever larger powers of two) at the start of EVERY call, even when the first attempt
# succeeds: O(times) per call instead of O(attempts made).
import functools
import time


def retry(times, base_delay, exceptions=(Exception,), sleep=time.sleep):
    if times < 1:
        raise ValueError("times must be at least 1")

    def decorator(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            delays = [base_delay * 2 ** attempt for attempt in range(times - 1)]
            for delay in delays:
                try:
                    return func(*args, **kwargs)
                except exceptions:
                    sleep(delay)
            return func(*args, **kwargs)

        return wrapper

    return decorator
