# WRONG ANSWER: waits base_delay before every retry instead of doubling the delay
# (no exponential backoff).
import functools
import time


def retry(times, base_delay, exceptions=(Exception,), sleep=time.sleep):
    if times < 1:
        raise ValueError("times must be at least 1")

    def decorator(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            for attempt in range(times):
                try:
                    return func(*args, **kwargs)
                except exceptions:
                    if attempt == times - 1:
                        raise
                    sleep(base_delay)

        return wrapper

    return decorator
