"""Custom harness for the async-producer-consumer challenge.

The harness gives ``solution.run_pipeline(source, handle, num_consumers, maxsize)`` its own
async source and handler, runs it inside ``asyncio.run`` next to a driver task, and
observes everything by counting (never by timing):

- ``source`` is an async generator yielding the case's items (ints); before each item it
  may yield to the event loop ``produce_steps`` times (a slow upstream).
- ``handle(x)`` yields to the event loop ``work[x % len(work)]`` times, then returns the
  string "done:<x>".
- backlog = items taken from the source - items passed to handle; its maximum must stay
  within ``maxsize + num_consumers + 1`` (the queue's content, the item the producer holds
  while blocked in ``put``, and one item per consumer between ``get`` and ``handle``).
- the driver watches progress: if neither the source nor any handler has made a step for
  1000 consecutive loop iterations while ``run_pipeline`` is still pending, the pipeline
  is stuck (e.g. a consumer that never receives its sentinel, or ``join()`` waiting for a
  missing ``task_done()``); the harness then cancels it and reports it.

Input schema (``case_input`` is a dict):

    {"items": [INT, ...],                  or "generate": {"n": N, "seed": S} (see below)
     "num_consumers": ANY, "maxsize": ANY, passed through unchanged
     "work": [INT, ...],                   optional, default [5, 7, 9, 6, 8]
     "produce_steps": INT,                 optional, default 0
     "source_fails_after": INT,            optional: the source raises ConnectionError
                                           after yielding this many items
     "cancel_cleanup_steps": INT,          optional, default 0: a cancelled handle yields
                                           this many times (closing its connection) first
     "report_max_concurrency": BOOL}       optional, default false

    -> {"outcome": {"result": [...]}         run_pipeline returned a list (plain data)
                 | {"returned": PLAIN}       ... something else
                 | {"raised": TYPE NAME}     ... raised an exception
                 | {"stuck": true},          ... made no progress (cancelled by the harness)
        "handle_calls": int,
        "each_item_handled_once": bool,    the multiset of handled items equals the source's items
        "source_exhausted": bool,
        "backlog_within_bound": bool,
        "concurrency_within_limit": bool,    at most num_consumers handlers at once
        "max_concurrent_handles": int,       only with report_max_concurrency
        "tasks_left": int,       tasks other than the harness's still pending when
                                 run_pipeline returned (null if it never returned)
        "same_exception": bool}  only with source_fails_after: run_pipeline raised the very
                                 exception object the source raised

  With "generate": {"n": N, "seed": S} the items are N ints drawn by random.Random(S) in
  [0, N // 2] (so with duplicates), and "outcome" holds {"length": int, "matches": bool}
  (whether the list is exactly ["done:<x>" for x in items]) instead of the list.

Only plain data built by the harness leaves ``run``.
"""

import asyncio
import random

_IDLE_LIMIT = 1000
_MAX_DEPTH = 50


def _plain(value, depth=0):
    if depth > _MAX_DEPTH:
        return "<too deep>"
    kind = type(value)
    if value is None or kind in (bool, int, float, str):
        return value
    if kind is list:
        return [_plain(item, depth + 1) for item in value]
    if kind is tuple:
        return tuple(_plain(item, depth + 1) for item in value)
    if kind is dict:
        return {_plain(k, depth + 1): _plain(v, depth + 1) for k, v in value.items()}
    return "<%s object>" % type(value).__name__


class _State:
    def __init__(self):
        self.progress = 0
        self.pulled = 0
        self.started = 0
        self.max_backlog = 0
        self.active = 0
        self.max_active = 0
        self.handled = []
        self.exhausted = False
        self.source_error = None


def _make_source(state, items, produce_steps, fails_after):
    async def source():
        for position, item in enumerate(items):
            for _ in range(produce_steps):
                state.progress += 1
                await asyncio.sleep(0)
            if position == fails_after:
                state.progress += 1
                state.source_error = ConnectionError("the source failed at item %d" % position)
                raise state.source_error
            state.progress += 1
            state.pulled += 1
            backlog = state.pulled - state.started
            if backlog > state.max_backlog:
                state.max_backlog = backlog
            yield item
        state.exhausted = True

    return source()


def _make_handle(state, work, cleanup_steps):
    async def handle(item):
        state.progress += 1
        state.started += 1
        state.handled.append(item)
        state.active += 1
        if state.active > state.max_active:
            state.max_active = state.active
        try:
            for _ in range(work[item % len(work)]):
                state.progress += 1
                await asyncio.sleep(0)
            return "done:%d" % item
        except asyncio.CancelledError:
            for _ in range(cleanup_steps):
                state.progress += 1
                await asyncio.sleep(0)
            raise
        finally:
            state.active -= 1
            state.progress += 1

    return handle


def run(solution, case_input):
    generated = "generate" in case_input
    if generated:
        gen = case_input["generate"]
        rng = random.Random(gen["seed"])
        items = [rng.randint(0, gen["n"] // 2) for _ in range(gen["n"])]
    else:
        items = list(case_input["items"])
    num_consumers = case_input["num_consumers"]
    maxsize = case_input["maxsize"]
    work = list(case_input.get("work", [5, 7, 9, 6, 8]))
    produce_steps = int(case_input.get("produce_steps", 0))
    fails_after = case_input.get("source_fails_after")
    cleanup_steps = int(case_input.get("cancel_cleanup_steps", 0))
    state = _State()
    record = {}

    async def main():
        driver = asyncio.current_task()
        source = _make_source(state, items, produce_steps, fails_after)
        handle = _make_handle(state, work, cleanup_steps)

        async def call():
            me = asyncio.current_task()
            try:
                result = await solution.run_pipeline(source, handle, num_consumers, maxsize)
            except asyncio.CancelledError:
                raise
            except Exception as error:  # noqa: BLE001 - reported as an observation
                record["outcome"] = {"raised": type(error).__name__}
                record["same_exception"] = error is state.source_error
            else:
                if type(result) is not list:
                    record["outcome"] = {"returned": _plain(result)}
                elif generated:
                    record["outcome"] = {
                        "length": len(result),
                        "matches": result == ["done:%d" % x for x in items]}
                else:
                    record["outcome"] = {"result": _plain(result)}
            record["tasks_left"] = sum(
                1 for task in asyncio.all_tasks()
                if task is not me and task is not driver and not task.done())

        task = asyncio.ensure_future(call())
        last = state.progress
        idle = 0
        while not task.done():
            await asyncio.sleep(0)
            if state.progress != last:
                last = state.progress
                idle = 0
            else:
                idle += 1
                if idle > _IDLE_LIMIT:
                    break
        if not task.done():
            record["outcome"] = {"stuck": True}
            task.cancel()
            await asyncio.wait([task])

    asyncio.run(main())
    bound = None
    if type(maxsize) is int and type(num_consumers) is int:
        bound = maxsize + num_consumers + 1
    observation = {
        "outcome": record["outcome"],
        "handle_calls": state.started,
        "each_item_handled_once": sorted(state.handled) == sorted(items),
        "source_exhausted": state.exhausted,
        "backlog_within_bound": bound is not None and state.max_backlog <= bound,
        "concurrency_within_limit": type(num_consumers) is int
        and state.max_active <= num_consumers,
    }
    if case_input.get("report_max_concurrency"):
        observation["max_concurrent_handles"] = state.max_active
    observation["tasks_left"] = record.get("tasks_left")
    if fails_after is not None:
        observation["same_exception"] = record.get("same_exception", False)
    return observation
