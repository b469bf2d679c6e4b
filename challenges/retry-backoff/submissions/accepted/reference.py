import functools
import time


def retry(times, base_delay, exceptions=(Exception,), sleep=time.sleep):
    """Retry the decorated function on ``exceptions`` with exponential backoff."""
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
                    if attempt + 1 >= times:
                        raise
                    sleep(base_delay * 2 ** attempt)
                    attempt += 1

        return wrapper

    return decorator
