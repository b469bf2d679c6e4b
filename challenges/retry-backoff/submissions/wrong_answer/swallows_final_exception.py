# WRONG ANSWER: when every attempt fails the loop just ends, so the decorated function
# returns None instead of re-raising the last exception.
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
                    if attempt < times - 1:
                        sleep(base_delay * 2 ** attempt)

        return wrapper

    return decorator
