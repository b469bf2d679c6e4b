# WRONG ANSWER: ignores the `sleep` it was given and waits with time.sleep (imported as
# `wait`), so the caller's clock never sees the delays (and a test suite really sleeps).
from time import sleep as wait


def retry(times, base_delay, exceptions=(Exception,), sleep=None):
    if times < 1:
        raise ValueError("times must be at least 1")
    exceptions = tuple(exceptions) if isinstance(exceptions, (list, tuple)) else (exceptions,)

    def decorate(func):
        import functools

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            for attempt in range(times):
                try:
                    return func(*args, **kwargs)
                except exceptions:
                    if attempt == times - 1:
                        raise
                    wait(base_delay * 2 ** attempt)

        return wrapper

    return decorate
