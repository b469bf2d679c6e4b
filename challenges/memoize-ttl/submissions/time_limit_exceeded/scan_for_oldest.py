# TOO SLOW: correct, but keeps a plain dict with a "last used" stamp per entry and
# evicts by scanning every entry for the smallest stamp: O(max_size) per eviction
# instead of O(1) with an OrderedDict.
import functools
import itertools
import time

_KWARGS_MARK = object()


def _make_key(args, kwargs):
    if not kwargs:
        return args
    return args + (_KWARGS_MARK,) + tuple(sorted(kwargs.items()))


def memoize(ttl, max_size, clock=time.monotonic):
    def decorator(func):
        entries = {}  # key -> [value, stored_at, last_used]
        ticks = itertools.count()
        stats = {"hits": 0, "misses": 0}

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            key = _make_key(args, kwargs)
            now = clock()
            entry = entries.get(key)
            if entry is not None:
                if now - entry[1] < ttl:
                    stats["hits"] += 1
                    entry[2] = next(ticks)
                    return entry[0]
                del entries[key]
            stats["misses"] += 1
            value = func(*args, **kwargs)
            entries[key] = [value, now, next(ticks)]
            if len(entries) > max_size:
                oldest = min(entries, key=lambda k: entries[k][2])
                del entries[oldest]
            return value

        def cache_info():
            return {"hits": stats["hits"], "misses": stats["misses"], "size": len(entries)}

        wrapper.cache_info = cache_info
        return wrapper

    return decorator
