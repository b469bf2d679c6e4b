"""Mistake: subscribe and unsubscribe look a callback up with `is`. Each `widget.on_saved`
builds a new bound-method object, so the same method subscribed twice is added twice (and
called twice), and unsubscribing it finds nothing."""

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
            return weakref.WeakMethod(callback, forget)
        return weakref.ref(callback, forget)

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
            if ref() is callback:
                return
        refs.append(self._ref(event, callback))

    def unsubscribe(self, event, callback):
        refs = self._subscribers.get(event, [])
        for ref in list(refs):
            if ref() is callback:
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
        return sum(1 for ref in self._subscribers.get(event, []) if ref() is not None)
