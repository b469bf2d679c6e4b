"""Mistake: subscribers in a WeakKeyDictionary (owner object or function -> functions to
call), iterated directly by publish. Dead owners do vanish, but a callback that subscribes
or unsubscribes during publish changes the dictionary under the loop: RuntimeError."""

import weakref


class EventBus:
    def __init__(self):
        self._subscribers = {}   # event -> WeakKeyDictionary(owner -> [function or None])

    @staticmethod
    def _split(callback):
        if hasattr(callback, "__self__") and hasattr(callback, "__func__"):
            return callback.__self__, callback.__func__
        return callback, None

    def subscribe(self, event, callback):
        owner, function = self._split(callback)
        table = self._subscribers.setdefault(event, weakref.WeakKeyDictionary())
        functions = table.setdefault(owner, [])
        if function not in functions:
            functions.append(function)

    def unsubscribe(self, event, callback):
        owner, function = self._split(callback)
        table = self._subscribers.get(event)
        if table is None or function not in table.get(owner, []):
            return False
        table[owner].remove(function)
        if not table[owner]:
            del table[owner]
        return True

    def publish(self, event, *args):
        called = 0
        for owner, functions in self._subscribers.get(event, {}).items():
            for function in functions:
                if function is None:
                    owner(*args)
                else:
                    function(owner, *args)
                called += 1
        return called

    def subscriber_count(self, event):
        return sum(len(functions) for functions in self._subscribers.get(event, {}).values())
