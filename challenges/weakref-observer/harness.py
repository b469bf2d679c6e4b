"""Custom harness for the weakref-observer challenge.

The harness builds ``solution.EventBus()`` and replays a script on it. Subscribers are
the harness's own objects, kept alive only by the harness's registry: "drop" removes
the registry's reference and runs ``gc.collect()``, and a weak reference the harness
keeps shows whether the bus still holds the subscriber alive.

Input schema (``case_input`` is a dict):

    {"ops": [OP, ...]}

  OP = ["new", name]                   a Subscriber object; its bound method ``on_event``
                                       and the object itself (it has ``__call__``) can be
                                       subscribed
     | ["func", name]                  a plain closure (a new function object)
     | ["sub", event, name, how]       bus.subscribe(event, callback); how is "method"
                                       (obj.on_event), "call" (obj) or "func" (the closure)
     | ["unsub", event, name, how]     -> bus.unsubscribe(event, callback): True or False
     | ["pub", event, args]            -> {"returned": bus.publish(event, *args),
                                           "calls": [[name, args], ...] in call order}
     | ["count", event]                -> bus.subscriber_count(event)
     | ["drop", name]                  the registry forgets name; gc.collect()
     | ["alive", name]                 -> whether the object named is still alive
     | ["on_call", name, ACTION]       when name is next called, it runs ACTION first
           ACTION = ["sub", event, other, how] | ["unsub", event, other, how]
                  | ["drop", other]    (drop: only an object already called in this publish)
     | ["churn", event, n]             -> n times: a new Subscriber, subscribe its method
                                       to event, forget it (no publish in between); then
                                       gc.collect(). Returns {"live_count": count(event),
                                       "bounded": whether the traced memory grew by less
                                       than 96 KiB over the loop (tracemalloc)}
     | ["churn_events", prefix, n, release]
                                       -> n times: a new Subscriber, subscribe its method
                                       to a new event (prefix + index), then release it:
                                       release "drop" forgets it, "unsub" unsubscribes it
                                       first; then gc.collect(). Returns {"live_count":
                                       the sum of count(event) over those events,
                                       "bounded": as for "churn"}: an event nobody
                                       subscribes to any more must not cost memory

Returns {"results": [...]}, one entry per op marked "->" above, in order. A call on a
subscriber whose exception escapes is recorded as {"error": type name}.
"""

import gc
import tracemalloc
import weakref

_CHURN_BUDGET_BYTES = 96 * 1024


def _plain(value, depth=0):
    if depth > 20:
        return "<too deep>"
    kind = type(value)
    if value is None or kind in (bool, int, float, str):
        return value
    if kind in (list, tuple):
        return [_plain(item, depth + 1) for item in value]
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):
        return int.__int__(value)
    return "<%s object>" % kind.__name__


class _World:
    def __init__(self, bus):
        self.bus = bus
        self.registry = {}
        self.weak = {}
        self.calls = []
        self.actions = {}

    def called(self, name, args):
        self.calls.append([name, _plain(list(args))])
        action = self.actions.pop(name, None)
        if action is not None:
            self.act(action)

    def callback(self, name, how):
        target = self.registry[name]
        if how == "method":
            return target.on_event
        return target

    def act(self, action):
        kind = action[0]
        if kind == "sub":
            self.bus.subscribe(action[1], self.callback(action[2], action[3]))
        elif kind == "unsub":
            self.bus.unsubscribe(action[1], self.callback(action[2], action[3]))
        elif kind == "drop":
            self.registry.pop(action[1], None)
            gc.collect()


class Subscriber:
    """A subscriber object: ``on_event`` and ``__call__`` report the call to the harness."""

    def __init__(self, world, name):
        self._world = world
        self.name = name

    def on_event(self, *args):
        self._world.called(self.name, args)

    def __call__(self, *args):
        self._world.called(self.name, args)


def _closure(world, name):
    def callback(*args):
        world.called(name, args)
    callback.__name__ = "callback_%s" % name
    return callback


def _churn(world, event, n):
    gc.collect()
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        for i in range(n):
            subscriber = Subscriber(world, "churn%d" % i)
            world.bus.subscribe(event, subscriber.on_event)
            del subscriber
        gc.collect()
        after, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return {"live_count": _plain(world.bus.subscriber_count(event)),
            "bounded": after - before < _CHURN_BUDGET_BYTES}


def _churn_events(world, prefix, n, release):
    gc.collect()
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        for i in range(n):
            subscriber = Subscriber(world, "%s%d" % (prefix, i))
            event = "%s%d" % (prefix, i)
            world.bus.subscribe(event, subscriber.on_event)
            if release == "unsub":
                world.bus.unsubscribe(event, subscriber.on_event)
            del subscriber
        gc.collect()
        after, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    live = sum(_plain(world.bus.subscriber_count("%s%d" % (prefix, i))) for i in range(n))
    return {"live_count": live, "bounded": after - before < _CHURN_BUDGET_BYTES}


def run(solution, case_input):
    world = _World(solution.EventBus())
    bus = world.bus
    results = []
    for op in case_input["ops"]:
        kind = op[0]
        if kind == "new":
            world.registry[op[1]] = Subscriber(world, op[1])
            world.weak[op[1]] = weakref.ref(world.registry[op[1]])
        elif kind == "func":
            world.registry[op[1]] = _closure(world, op[1])
            world.weak[op[1]] = weakref.ref(world.registry[op[1]])
        elif kind == "sub":
            bus.subscribe(op[1], world.callback(op[2], op[3]))
        elif kind == "unsub":
            results.append(_plain(bus.unsubscribe(op[1], world.callback(op[2], op[3]))))
        elif kind == "pub":
            world.calls = []
            try:
                returned = _plain(bus.publish(op[1], *op[2]))
            except Exception as error:  # noqa: BLE001 - reported as data
                returned = {"error": type(error).__name__}
            results.append({"returned": returned, "calls": world.calls})
            world.calls = []
        elif kind == "count":
            results.append(_plain(bus.subscriber_count(op[1])))
        elif kind == "drop":
            world.registry.pop(op[1], None)
            gc.collect()
        elif kind == "alive":
            results.append(world.weak[op[1]]() is not None)
        elif kind == "on_call":
            world.actions[op[1]] = op[2]
        elif kind == "churn":
            results.append(_churn(world, op[1], op[2]))
        elif kind == "churn_events":
            results.append(_churn_events(world, op[1], op[2], op[3]))
        else:
            raise AssertionError("unknown op %r" % (kind,))
    return {"results": results}
