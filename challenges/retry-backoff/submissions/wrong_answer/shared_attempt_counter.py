# WRONG ANSWER: the attempt counter lives in the decorator's closure and is never
# reset, so every call shares one budget of `times` attempts (and the delays keep
# growing from one call to the next).
import functools
import time


def retry(times, base_delay, exceptions=(Exception,), sleep=time.sleep):
    if times < 1:
        raise ValueError("times must be at least 1")

    def decorator(func):
        attempt = 0

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            nonlocal attempt
            while True:
                try:
                    return func(*args, **kwargs)
                except exceptions:
                    if attempt + 1 >= times:
                        raise
                    sleep(base_delay * 2 ** attempt)
                    attempt += 1

        return wrapper

    return decorator
