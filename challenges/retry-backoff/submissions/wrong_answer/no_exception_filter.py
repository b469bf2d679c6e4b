# WRONG ANSWER: retries on every exception (a bare `except Exception`), ignoring the
# `exceptions` argument, so non-retryable errors are retried and slept on too.
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
                except Exception:
                    if attempt == times - 1:
                        raise
                    sleep(base_delay * 2 ** attempt)

        return wrapper

    return decorator
