# WRONG ANSWER: the key is args + sorted keyword items with no separator, so
# f(1, b=2) and f(1, ('b', 2)) (and f(b=2) and f(('b', 2))) share one entry.
import functools
import time
from collections import OrderedDict


def _make_key(args, kwargs):
    if not kwargs:
        return args
    return args + tuple(sorted(kwargs.items()))


def memoize(ttl, max_size, clock=time.monotonic):
    """Cache results for ``ttl`` seconds of ``clock``, keeping at most ``max_size`` entries."""

    def decorator(func):
        entries = OrderedDict()  # key -> (value, stored_at); least recently used first
        stats = {"hits": 0, "misses": 0}

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            key = _make_key(args, kwargs)
            now = clock()
            entry = entries.get(key)
            if entry is not None:
                value, stored_at = entry
                if now - stored_at < ttl:
                    stats["hits"] += 1
                    entries.move_to_end(key)
                    return value
                del entries[key]
            stats["misses"] += 1
            value = func(*args, **kwargs)
            entries[key] = (value, now)
            if len(entries) > max_size:
                entries.popitem(last=False)
            return value

        def cache_info():
            return {"hits": stats["hits"], "misses": stats["misses"], "size": len(entries)}

        wrapper.cache_info = cache_info
        return wrapper

    return decorator
