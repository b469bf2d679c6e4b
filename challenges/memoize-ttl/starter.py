import functools
import time
from collections import OrderedDict


def memoize(ttl, max_size, clock=time.monotonic):
    """Decorator factory: cache results for ``ttl`` seconds, at most ``max_size`` entries.

    - Key: the positional arguments plus the keyword arguments (keyword order does
      not matter; f(1, b=2) and f(1, 2) are different keys).
    - An entry computed at time t (t = clock() when the call started) is served while
      clock() - t < ttl; hits do not extend its life.
    - Least recently used entries are evicted when more than ``max_size`` are stored.
    - ``wrapper.cache_info()`` returns {"hits": int, "misses": int, "size": int}.
    - Keep the function's metadata (functools.wraps).
    """

    def decorator(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            # TODO: look up, expire, store and evict cache entries.
            return func(*args, **kwargs)

        def cache_info():
            # TODO
            return {"hits": 0, "misses": 0, "size": 0}

        wrapper.cache_info = cache_info
        return wrapper

    return decorator
