"""Mistake: weakref.ref for every callback. A bound method is a new, temporary object each
time ``obj.method`` is evaluated, so a plain weak reference to it dies as soon as
subscribe returns: subscribed methods are never called (functions and callable objects
work, which hides the bug)."""

import weakref


class EventBus:
    def __init__(self):
        self._subscribers = {}

    def subscribe(self, event, callback):
        refs = self._subscribers.setdefault(event, [])
        for ref in refs:
            if ref() is not None and ref() == callback:
                return
        refs.append(weakref.ref(callback))

    def unsubscribe(self, event, callback):
        refs = self._subscribers.get(event, [])
        for ref in list(refs):
            if ref() is not None and ref() == callback:
                refs.remove(ref)
                return True
        return False

    def publish(self, event, *args):
        live = [ref() for ref in list(self._subscribers.get(event, []))]
        live = [callback for callback in live if callback is not None]
        for callback in live:
            callback(*args)
        self._subscribers[event] = [ref for ref in self._subscribers.get(event, [])
                                    if ref() is not None]
        return len(live)

    def subscriber_count(self, event):
        refs = self._subscribers.get(event, [])
        refs[:] = [ref for ref in refs if ref() is not None]
        return len(refs)
