"""Custom harness for the gather-with-limit challenge.

The harness builds the jobs (zero-argument async callables), calls
``solution.gather_limited(jobs, limit)`` inside ``asyncio.run`` and observes, by counting
only (never by timing), which jobs are running at each moment.

Input schema (``case_input`` is a dict):

    {"limit": LIMIT,                        any JSON value, passed through unchanged
     "jobs": [JOB, ...],
     "release": [INDEX, ...]}               optional, default []

  JOB = {"gate": BOOL,     default false: the job waits until the driver opens its gate
         "steps": INT,     default 0: then it yields to the event loop this many times
         "value": ANY,     default null: then it returns this value ...
         "cleanup_steps": INT}  default 0: when cancelled, it yields to the event loop
                                this many times (its cleanup) before it finishes
      | {..., "error": MESSAGE}             ... or raises JobError(MESSAGE) instead

  A job is "running" from the first step of its coroutine until it returns or raises.
  The driver lets the event loop settle (many ``asyncio.sleep(0)``), records a snapshot of
  the running jobs, opens the gate of the next job in ``release``, and so on; after the
  script it settles and takes a final snapshot. Then it opens every remaining gate, waits
  (a bounded number of loop iterations) for ``gather_limited`` to finish, and lets the
  loop settle again so that any job leaked by the candidate keeps running where it can be
  seen.

    -> {"result": [...]}  or  {"raised": {"type": str, "job_error": bool}}
       ("job_error" is true when the exception is the very object a job raised;
        "result" is present only when gather_limited returned a list)
       plus
       "snapshots":  [[running job indices, sorted], ...]   one before each entry of
                     "release", plus a final one
       "started":    [job indices in the order their bodies started]
       "max_running": the largest number of jobs running at the same time
       "running_at_return": [jobs still running when gather_limited returned or raised]
       "cancelled":  [jobs that received CancelledError, sorted]
       "finished":   false if gather_limited never finished (the harness then cancels it)

  Large cases: {"limit": L, "generate": GEN} builds N jobs; job i returns i * 7 + 3.
    GEN = {"n": N, "seed": S, "max_steps": K}: no gates, job i yields a number of times
          drawn from random.Random(S) in [0, K];
    GEN = {"n": N, "gated": true}: every job has a gate; the driver opens the gates one
          at a time in input order, each once its job runs, and waits until that job has
          finished before opening the next one.
    -> {"length": len(result) or null, "matches_input_order": bool,
        "max_running_within_limit": bool, "finished": bool}

Only plain data built by the harness leaves ``run``: results are rebuilt from exact
built-in types, anything else becomes a "<TypeName object>" marker string.
"""

import asyncio
import random

_SETTLE = 200         # loop iterations that let every pending hand-off happen
_MAX_DEPTH = 50


class JobError(Exception):
    """The failure a scripted job raises."""


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
        self.running = set()
        self.started = []
        self.cancelled = []
        self.max_running = 0
        self.raised_errors = []

    def enter(self, index):
        self.started.append(index)
        self.running.add(index)
        if len(self.running) > self.max_running:
            self.max_running = len(self.running)

    def leave(self, index):
        self.running.discard(index)


def _make_job(state, index, spec, gate):
    steps = int(spec.get("steps", 0))
    has_error = "error" in spec
    error_message = spec.get("error")
    value = spec.get("value")
    cleanup_steps = int(spec.get("cleanup_steps", 0))

    async def job():
        state.enter(index)
        try:
            if gate is not None:
                await gate.wait()
            for _ in range(steps):
                await asyncio.sleep(0)
            if has_error:
                error = JobError(error_message)
                state.raised_errors.append(error)
                raise error
            return value
        except asyncio.CancelledError:
            state.cancelled.append(index)
            for _ in range(cleanup_steps):
                await asyncio.sleep(0)
            raise
        finally:
            state.leave(index)

    job.__name__ = job.__qualname__ = "job_%d" % index
    return job


async def _settle(times=_SETTLE):
    for _ in range(times):
        await asyncio.sleep(0)


async def _wait_done(task, budget):
    for _ in range(budget):
        if task.done():
            return True
        await asyncio.sleep(0)
    return task.done()


def _outcome_of(solution, state, jobs, limit, record):
    async def call():
        try:
            result = await solution.gather_limited(jobs, limit)
        except asyncio.CancelledError:
            record["running_at_return"] = sorted(state.running)
            record["raised"] = {"type": "CancelledError", "job_error": False}
            raise
        except Exception as error:  # noqa: BLE001 - reported as an observation
            record["running_at_return"] = sorted(state.running)
            record["raised"] = {
                "type": type(error).__name__,
                "job_error": any(error is own for own in state.raised_errors),
            }
            return
        record["running_at_return"] = sorted(state.running)
        record["result"] = _plain(result)
    return call


def _run_scripted(solution, case_input):
    limit = case_input["limit"]
    specs = case_input["jobs"]
    release = list(case_input.get("release", []))
    record = {}

    async def main():
        state = _State()
        gates = [asyncio.Event() if spec.get("gate") else None for spec in specs]
        jobs = [_make_job(state, i, spec, gates[i]) for i, spec in enumerate(specs)]
        task = asyncio.ensure_future(_outcome_of(solution, state, jobs, limit, record)())
        snapshots = []
        for index in release:
            await _settle()
            snapshots.append(sorted(state.running))
            gates[index].set()
        await _settle()
        snapshots.append(sorted(state.running))
        for gate in gates:
            if gate is not None:
                gate.set()
        total_steps = sum(int(spec.get("steps", 0)) + int(spec.get("cleanup_steps", 0))
                          for spec in specs)
        finished = await _wait_done(task, _SETTLE * (len(specs) + 2) + total_steps)
        if not finished:
            task.cancel()
            await _settle()
        # Let anything the candidate leaked keep running, so it shows in the observation.
        await _settle(_SETTLE + total_steps)
        observation = {}
        if "result" in record:
            observation["result"] = record["result"]
        if "raised" in record and finished:
            observation["raised"] = record["raised"]
        observation.update({
            "snapshots": snapshots,
            "started": list(state.started),
            "max_running": state.max_running,
            "running_at_return": record.get("running_at_return") if finished else None,
            "cancelled": sorted(state.cancelled),
            "finished": finished,
        })
        return observation

    return asyncio.run(main())


def _run_generated(solution, case_input):
    limit = case_input["limit"]
    gen = case_input["generate"]
    n = gen["n"]
    gated = bool(gen.get("gated", False))
    if gated:
        specs = [{"gate": True, "value": i * 7 + 3} for i in range(n)]
    else:
        rng = random.Random(gen["seed"])
        specs = [{"steps": rng.randint(0, gen["max_steps"]), "value": i * 7 + 3}
                 for i in range(n)]
    expected_values = [i * 7 + 3 for i in range(n)]
    record = {}

    async def main():
        state = _State()
        gates = [asyncio.Event() if gated else None for _ in range(n)]
        jobs = [_make_job(state, i, spec, gates[i]) for i, spec in enumerate(specs)]
        task = asyncio.ensure_future(_outcome_of(solution, state, jobs, limit, record)())
        if gated:
            # Finish the jobs one at a time, in input order: open job i's gate once it
            # runs, then wait (a bounded number of iterations) until it has finished.
            for i in range(n):
                for _ in range(_SETTLE):
                    if i in state.running or task.done():
                        break
                    await asyncio.sleep(0)
                gates[i].set()
                for _ in range(_SETTLE):
                    if i not in state.running:
                        break
                    await asyncio.sleep(0)
                if task.done():
                    break
            for gate in gates:
                gate.set()
        total_steps = sum(spec.get("steps", 0) for spec in specs)
        finished = await _wait_done(task, _SETTLE * 10 + 10 * n + total_steps)
        if not finished:
            task.cancel()
            await _settle()
        result = record.get("result")
        return {
            "length": len(result) if type(result) is list else None,
            "matches_input_order": result == expected_values,
            "max_running_within_limit": state.max_running <= limit,
            "finished": finished,
        }

    return asyncio.run(main())


def run(solution, case_input):
    if "generate" in case_input:
        return _run_generated(solution, case_input)
    return _run_scripted(solution, case_input)
