"""Mistake: the bus keeps the callbacks themselves in a list. A bound method holds its
object, so nothing subscribed is ever collected: the bus leaks every subscriber and keeps
calling objects the rest of the program has long dropped."""


class EventBus:
    def __init__(self):
        self._subscribers = {}

    def subscribe(self, event, callback):
        callbacks = self._subscribers.setdefault(event, [])
        if callback not in callbacks:
            callbacks.append(callback)

    def unsubscribe(self, event, callback):
        callbacks = self._subscribers.get(event, [])
        if callback in callbacks:
            callbacks.remove(callback)
            return True
        return False

    def publish(self, event, *args):
        callbacks = list(self._subscribers.get(event, []))
        for callback in callbacks:
            callback(*args)
        return len(callbacks)

    def subscriber_count(self, event):
        return len(self._subscribers.get(event, []))
