import functools
import time


def retry(times, base_delay, exceptions=(Exception,), sleep=time.sleep):
    """Decorator factory: retry the decorated function with exponential backoff.

    - ``times``: total number of attempts (at least 1, else raise ValueError).
    - After attempt number ``attempt`` (0-based) fails with one of ``exceptions``
      and attempts remain, call ``sleep(base_delay * 2 ** attempt)`` and try again.
    - Re-raise the last exception when every attempt failed; any other exception
      propagates at once.
    - Keep the decorated function's metadata (``functools.wraps``).
    """

    def decorator(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            # TODO: retry on `exceptions`, sleeping between attempts.
            return func(*args, **kwargs)

        return wrapper

    return decorator
