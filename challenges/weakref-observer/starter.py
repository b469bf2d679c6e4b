"""An event bus that does not keep its subscribers alive. See statement.md."""

import weakref


class EventBus:
    def __init__(self):
        self._subscribers = {}   # event -> list of callbacks

    def subscribe(self, event, callback):
        """Call ``callback(*args)`` on every ``publish(event, *args)`` while it is alive."""
        # TODO: hold the callback weakly (bound methods need care).
        self._subscribers.setdefault(event, []).append(callback)

    def unsubscribe(self, event, callback):
        """Stop calling ``callback`` for ``event``; return whether it was subscribed."""
        raise NotImplementedError

    def publish(self, event, *args):
        """Call the live subscribers of ``event`` in subscription order; return how many."""
        callbacks = self._subscribers.get(event, [])
        for callback in callbacks:
            callback(*args)
        return len(callbacks)

    def subscriber_count(self, event):
        """The number of live subscribers of ``event``."""
        return len(self._subscribers.get(event, []))
