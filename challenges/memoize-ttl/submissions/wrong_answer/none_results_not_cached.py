# WRONG ANSWER: uses None as the "not cached" marker (values.get(key) is None), so a
# function that returns None is recomputed on every call and counted as a miss.
import functools
import time
from collections import OrderedDict

_KWARGS_MARK = object()


def _make_key(args, kwargs):
    if not kwargs:
        return args
    return args + (_KWARGS_MARK,) + tuple(sorted(kwargs.items()))


def memoize(ttl, max_size, clock=time.monotonic):
    def decorator(func):
        values = OrderedDict()
        stored = {}
        stats = {"hits": 0, "misses": 0}

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            key = _make_key(args, kwargs)
            now = clock()
            value = values.get(key)
            if value is not None and now - stored[key] < ttl:
                stats["hits"] += 1
                values.move_to_end(key)
                return value
            if key in values:
                del values[key]
                del stored[key]
            stats["misses"] += 1
            value = func(*args, **kwargs)
            values[key] = value
            stored[key] = now
            if len(values) > max_size:
                old, _ = values.popitem(last=False)
                del stored[old]
            return value

        def cache_info():
            return {"hits": stats["hits"], "misses": stats["misses"], "size": len(values)}

        wrapper.cache_info = cache_info
        return wrapper

    return decorator
