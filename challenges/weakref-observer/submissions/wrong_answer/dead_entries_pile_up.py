"""Mistake: dead weak references are skipped but never removed. Calls look right,
but a bus with short-lived subscribers grows without bound: the leak moved from the
subscribers to their weak references."""

import weakref


class EventBus:
    def __init__(self):
        self._subscribers = {}   # event -> {weak reference: None}, in subscription order

    @staticmethod
    def _ref(callback):
        if hasattr(callback, "__self__") and hasattr(callback, "__func__"):
            return weakref.WeakMethod(callback)
        return weakref.ref(callback)

    def subscribe(self, event, callback):
        refs = self._subscribers.setdefault(event, {})
        ref = self._ref(callback)
        hash(ref)  # weak references keep their hash after death only if taken while alive
        refs.setdefault(ref, None)

    def unsubscribe(self, event, callback):
        refs = self._subscribers.get(event, {})
        ref = self._ref(callback)
        if ref in refs:
            del refs[ref]
            return True
        return False

    def publish(self, event, *args):
        live = [ref() for ref in list(self._subscribers.get(event, {}))]
        live = [callback for callback in live if callback is not None]
        for callback in live:
            callback(*args)
        return len(live)

    def subscriber_count(self, event):
        return sum(1 for ref in self._subscribers.get(event, {}) if ref() is not None)
