# WRONG ANSWER: sleeps after every failure, including the final one, before giving up
# (the right number of attempts, but one useless extra sleep).
import functools
import time


def retry(times, base_delay, exceptions=(Exception,), sleep=time.sleep):
    if times < 1:
        raise ValueError("times must be at least 1")

    def decorator(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            last_error = None
            for attempt in range(times):
                try:
                    return func(*args, **kwargs)
                except exceptions as error:
                    last_error = error
                    sleep(base_delay * 2 ** attempt)
            raise last_error

        return wrapper

    return decorator
