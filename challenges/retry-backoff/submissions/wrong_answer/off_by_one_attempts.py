# WRONG ANSWER: treats `times` as the number of RETRIES, so the function is called
# times + 1 times (one attempt too many, one sleep too many).
import functools
import time


def retry(times, base_delay, exceptions=(Exception,), sleep=time.sleep):
    if times < 1:
        raise ValueError("times must be at least 1")

    def decorator(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            attempt = 0
            while True:
                try:
                    return func(*args, **kwargs)
                except exceptions:
                    if attempt >= times:
                        raise
                    sleep(base_delay * 2 ** attempt)
                    attempt += 1

        return wrapper

    return decorator
