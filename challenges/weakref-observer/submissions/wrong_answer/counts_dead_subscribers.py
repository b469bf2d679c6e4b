"""Mistake: publish skips dead references, but subscriber_count counts every reference the
bus holds, dead or alive, and nothing ever removes the dead ones: a collected subscriber is
still counted."""

import weakref


class EventBus:
    def __init__(self):
        # event -> list of weak references, in subscription order
        self._subscribers = {}

    def _ref(self, event, callback):
        def forget(ref, event=event, bus=weakref.ref(self)):
            owner = bus()
            if owner is not None:
                owner._forget(event, ref)

        if hasattr(callback, "__self__") and hasattr(callback, "__func__"):
            return weakref.WeakMethod(callback)
        return weakref.ref(callback)

    def _forget(self, event, ref):
        refs = self._subscribers.get(event)
        if refs is None:
            return
        refs[:] = [r for r in refs if r is not ref]
        if not refs:
            del self._subscribers[event]

    def subscribe(self, event, callback):
        refs = self._subscribers.setdefault(event, [])
        for ref in list(refs):
            if ref() == callback:
                return
        refs.append(self._ref(event, callback))

    def unsubscribe(self, event, callback):
        refs = self._subscribers.get(event, [])
        for ref in list(refs):
            if ref() == callback:
                refs.remove(ref)
                if not refs:
                    del self._subscribers[event]
                return True
        return False

    def publish(self, event, *args):
        # Resolve a snapshot first: callbacks may subscribe or unsubscribe while we call.
        live = [ref() for ref in list(self._subscribers.get(event, []))]
        called = 0
        for callback in live:
            if callback is not None:
                callback(*args)
                called += 1
        return called

    def subscriber_count(self, event):
        return len(self._subscribers.get(event, []))
