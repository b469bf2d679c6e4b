# WRONG ANSWER: remembers the FIRST failure and re-raises that one when the attempts
# run out, instead of the exception from the last attempt.
import functools
import time


def retry(times, base_delay, exceptions=(Exception,), sleep=time.sleep):
    if times < 1:
        raise ValueError("times must be at least 1")

    def decorator(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            first_error = None
            for attempt in range(times):
                try:
                    return func(*args, **kwargs)
                except exceptions as error:
                    if first_error is None:
                        first_error = error
                    if attempt < times - 1:
                        sleep(base_delay * 2 ** attempt)
            raise first_error

        return wrapper

    return decorator
