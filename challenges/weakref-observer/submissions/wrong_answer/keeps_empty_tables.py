"""Mistake: dead and unsubscribed entries are removed, but an event's table stays once it
is empty. Calls and counts are right, yet memory grows with every event ever used, not
with the live subscribers (a bus keyed by document or request id leaks one table per id).

Otherwise a sound approach: per event, a dict keyed by the weak references (a dict keeps
insertion order, and weak references hash and compare like their referents), with a
callback that deletes the key when the subscriber dies. A WeakMethod's referent is the method's object,
so it would compare equal to a plain reference to that object: the key says which kind."""

import weakref
from types import MethodType


class EventBus:
    def __init__(self):
        self._events = {}

    def _weak(self, event, callback):
        events = self._events

        is_method = isinstance(callback, MethodType)

        def gone(ref):
            table = events.get(event)
            if table is not None:
                table.pop((is_method, ref), None)

        if is_method:
            ref = weakref.WeakMethod(callback, gone)
        else:
            ref = weakref.ref(callback, gone)
        hash(ref)  # taken while alive, so the key can still be found once it is dead
        return (is_method, ref)

    def subscribe(self, event, callback):
        table = self._events.setdefault(event, {})
        key = self._weak(event, callback)
        if key not in table:
            table[key] = None

    def unsubscribe(self, event, callback):
        table = self._events.get(event, {})
        key = self._weak(event, callback)
        if key in table:
            del table[key]
            return True
        return False

    def publish(self, event, *args):
        targets = [ref() for _, ref in list(self._events.get(event, {}))]
        count = 0
        for target in targets:
            if target is None:
                continue
            target(*args)
            count += 1
        return count

    def subscriber_count(self, event):
        return len([ref for _, ref in list(self._events.get(event, {})) if ref() is not None])
