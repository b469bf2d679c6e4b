"""Custom harness for the async-timeouts challenge.

Everything runs on a VIRTUAL clock: the harness's own event loop (a SelectorEventLoop
subclass) answers ``loop.time()`` from a counter, and whenever the loop has nothing ready
to run it jumps the counter straight to the next scheduled timer instead of sleeping. So
``asyncio.sleep``, ``asyncio.wait_for``, ``asyncio.wait(timeout=...)`` and
``asyncio.timeout`` behave exactly as usual, instantly and deterministically. If the loop
has nothing ready and no timer at all while ``fetch_all`` is still pending, that is a
deadlock: the harness stops and reports it.

Input schema (``case_input`` is a dict):

    {"timeout": T,                    passed through unchanged
     "fetchers": [FETCHER, ...],
     "cancel_at": SECONDS}            optional: the harness cancels the fetch_all task at
                                      this virtual time

  FETCHER = {"delay": SECONDS | null,  sleeps this long (null: waits forever), then ...
             "value": ANY}             ... returns this value (default null) ...
          | {"delay": ..., "error": MESSAGE}   ... or raises FetchError(MESSAGE)
    optional "cleanup": SECONDS        when cancelled, the fetcher's cleanup (in its
                                       ``except CancelledError`` block) sleeps this long
                                       before re-raising (default 0: no await at all)

    -> {"outcome": OUTCOME,
        "elapsed": virtual seconds from the call until fetch_all finished (float, rounded
                   to 6 decimals),
        "at_return": [STATUS per fetcher when fetch_all finished],
        "at_end":    [STATUS per fetcher after the harness let the loop run 10**6 more
                      virtual seconds]}
       on a deadlock: {"outcome": {"deadlock": true}, "elapsed": null, "at_return": null,
                       "at_end": null}

  OUTCOME = {"result": [SLOT, ...]}      fetch_all returned a list
          | {"returned": PLAIN}          fetch_all returned something else
          | {"cancelled": true}          fetch_all ended with CancelledError
          | {"raised": TYPE NAME}        fetch_all raised another exception
          | {"deadlock": true}           nothing could ever run again
  SLOT = a returned value (rebuilt as plain data; "timeout" is just the string)
       | {"exception": TYPE NAME, "message": str, "own": bool}   an exception object;
         "own" is true when it is the very object the fetcher raised
  STATUS = "not_started" | "running" (started, never cancelled, not finished)
         | "cancelling" (cancelled, cleanup still in progress) | "cancelled" (cleanup done)
         | "returned" | "raised"

Large case: {"timeout": T, "generate": {"n": N, "seed": S}} builds N fetchers; fetcher i
sleeps (p_i + 1) / 1000 seconds where p is random.Random(S).shuffle(range(N)) (all delays
distinct) and returns i * 3 + 1.
    -> {"finished": bool (fetch_all returned a list), "length", "timeouts": number of
        "timeout" slots, "slots_match": every slot is the value or "timeout" as it should
        be, "elapsed", "at_return": {STATUS: count}}

Only plain data built by the harness leaves ``run``.
"""

import asyncio
import random
import selectors

_MAX_DEPTH = 50
_DRAIN = 10.0 ** 6


class FetchError(Exception):
    """The failure a scripted fetcher raises."""


class _Deadlock(Exception):
    """The loop is idle with no timer: nothing can ever happen again."""


class _VirtualSelector(selectors.DefaultSelector):
    def __init__(self, clock):
        super().__init__()
        self._clock = clock

    def select(self, timeout=None):
        events = super().select(0)
        if events:
            return events
        if timeout is None:
            raise _Deadlock()
        if timeout > 0:
            self._clock[0] += timeout
        return []


class _VirtualLoop(asyncio.SelectorEventLoop):
    def __init__(self):
        self._virtual_clock = [0.0]
        super().__init__(selector=_VirtualSelector(self._virtual_clock))

    def time(self):
        return self._virtual_clock[0]


def _run_loop(main):
    """asyncio.run(main()) on a fresh virtual-time loop; _Deadlock propagates."""
    loop = _VirtualLoop()
    try:
        asyncio.set_event_loop(loop)
        return loop.run_until_complete(main())
    finally:
        try:
            tasks = [task for task in asyncio.all_tasks(loop) if not task.done()]
            for task in tasks:
                task.cancel()
            if tasks:
                try:
                    loop.run_until_complete(asyncio.gather(*tasks, return_exceptions=True))
                except _Deadlock:
                    pass
            loop.run_until_complete(loop.shutdown_asyncgens())
        finally:
            asyncio.set_event_loop(None)
            loop.close()


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


def _message(error):
    try:
        text = str(error)
    except Exception:  # noqa: BLE001 - a candidate exception with a broken __str__
        return "<unprintable>"
    return text if type(text) is str else "<unprintable>"


class _Fetchers:
    def __init__(self, specs):
        self.status = ["not_started"] * len(specs)
        self.raised = []
        self.funcs = [self._make(i, spec) for i, spec in enumerate(specs)]

    def _make(self, index, spec):
        delay = spec.get("delay")
        cleanup = spec.get("cleanup", 0)
        has_error = "error" in spec
        message = spec.get("error")
        value = spec.get("value")
        fetchers = self

        async def fetch():
            fetchers.status[index] = "running"
            try:
                if delay is None:
                    await asyncio.get_running_loop().create_future()
                else:
                    await asyncio.sleep(delay)
            except asyncio.CancelledError:
                fetchers.status[index] = "cancelling"
                if cleanup:
                    await asyncio.sleep(cleanup)
                fetchers.status[index] = "cancelled"
                raise
            if has_error:
                fetchers.status[index] = "raised"
                error = FetchError(message)
                fetchers.raised.append(error)
                raise error
            fetchers.status[index] = "returned"
            return value

        fetch.__name__ = fetch.__qualname__ = "fetch_%d" % index
        return fetch

    def slot(self, item):
        if isinstance(item, BaseException):
            return {"exception": type(item).__name__, "message": _message(item),
                    "own": any(item is own for own in self.raised)}
        return _plain(item)


def _generated_specs(gen):
    n = gen["n"]
    order = list(range(n))
    random.Random(gen["seed"]).shuffle(order)
    return [{"delay": (order[i] + 1) * 0.001, "value": i * 3 + 1} for i in range(n)]


def _summary(observation, specs, timeout):
    outcome = observation["outcome"]
    slots = outcome.get("result")
    expected = ["timeout" if spec["delay"] > timeout else spec["value"] for spec in specs]
    statuses = {}
    for status in observation["at_return"] or []:
        statuses[status] = statuses.get(status, 0) + 1
    return {
        "finished": "result" in outcome,
        "length": len(slots) if slots is not None else None,
        "timeouts": sum(1 for slot in slots if slot == "timeout") if slots is not None else None,
        "slots_match": slots == expected,
        "elapsed": observation["elapsed"],
        "at_return": dict(sorted(statuses.items())),
    }


def run(solution, case_input):
    timeout = case_input["timeout"]
    if "generate" in case_input:
        specs = _generated_specs(case_input["generate"])
        observation = _run_case(solution, timeout, specs, None)
        return _summary(observation, specs, timeout)
    return _run_case(solution, timeout, case_input["fetchers"], case_input.get("cancel_at"))


def _run_case(solution, timeout, specs, cancel_at):
    fetchers = _Fetchers(specs)
    record = {}

    async def call():
        loop = asyncio.get_running_loop()
        start = loop.time()
        try:
            result = await solution.fetch_all(fetchers.funcs, timeout)
        except asyncio.CancelledError:
            record["outcome"] = {"cancelled": True}
            raise
        except Exception as error:  # noqa: BLE001 - reported as an observation
            record["outcome"] = {"raised": type(error).__name__}
        else:
            if type(result) is list:
                record["outcome"] = {"result": [fetchers.slot(item) for item in result]}
            else:
                record["outcome"] = {"returned": _plain(result)}
        finally:
            record["elapsed"] = round(loop.time() - start, 6)
            record["at_return"] = list(fetchers.status)

    async def main():
        task = asyncio.ensure_future(call())
        if cancel_at is not None:
            await asyncio.sleep(cancel_at)
            task.cancel()
        await asyncio.wait([task])
        await asyncio.sleep(_DRAIN)
        record["at_end"] = list(fetchers.status)

    try:
        _run_loop(main)
    except _Deadlock:
        return {"outcome": {"deadlock": True}, "elapsed": None, "at_return": None,
                "at_end": None}
    return {"outcome": record["outcome"], "elapsed": float(record["elapsed"]),
            "at_return": record["at_return"], "at_end": record["at_end"]}
