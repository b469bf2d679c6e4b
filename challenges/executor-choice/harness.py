"""Custom harness for the executor-choice challenge.

The harness never measures speed. It observes where the work ran (process ids and thread
idents reported by the tasks), which executor ``make_executor`` built, whether that
executor was shut down, and the results.

Input schema (``case_input`` is a dict), one of:

  {"make": {"kind": K, "max_workers": W}}
      -> {"pool": "process" | "thread" | "other", "max_workers": the executor's
          _max_workers} or {"raised": TYPE}; the executor is shut down afterwards.

  {"batch": {"kind": K, "task": TASK, "items": [...], "max_workers": W}}
      Calls run_batch(K, TASK_FUNCTION, items, W) with ``solution.make_executor`` wrapped
      so that the harness sees each executor built and each shutdown call.
      TASK = "cpu":   cpu_task(n) sums k*k for k < n (ValueError for n < 0)
           | "io":    io_task(x) waits on a barrier shared by W tasks (so W tasks must be
                      in flight at once, in threads of this process), then returns 2*x
           | "chain": chain_task(i) waits until task i+1 has finished (the last task
                      does not wait), so the tasks finish in reverse order; returns 10*i
           | "chain_fail": chain_fail_task([i, ERROR]) waits until task i+1's future is
                      done (the last task does not wait), then raises ERROR ("KeyError"
                      or "TypeError") or, for null, returns 10*i: the last failure in
                      the order of the items is the first to happen
      -> {"results": [values] | null, "raised": TYPE | null,
          "executors_made": number of make_executor calls,
          "shut_down": every executor made got shutdown(wait=True) (or a with block),
          "in_child_processes": every task ran in a process other than this one,
          "in_this_process": every task ran in this process,
          "off_main_thread": no task ran on the thread that called run_batch,
          "worker_processes_within_limit": distinct worker pids <= W,
          "ran_together": every barrier wait succeeded (io tasks only, else null)}

Task functions are top-level so that a process pool can pickle them.
"""

import os
import sys
import threading
import types
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

_WAIT = 3.0            # seconds a task waits for its peers before giving up
_BARRIER = None
_CHAIN = []
_CHAIN_BROKEN = threading.Event()


def cpu_task(n):
    if n < 0:
        raise ValueError("negative size %d" % n)
    total = 0
    for k in range(n):
        total += k * k
    return {"value": total % 1000003, "pid": os.getpid(), "thread": threading.get_ident()}


def io_task(x):
    try:
        _BARRIER.wait(_WAIT)
        together = True
    except threading.BrokenBarrierError:
        together = False
    return {"value": 2 * x, "pid": os.getpid(), "thread": threading.get_ident(),
            "together": together}


def _wait_for_next(i):
    """Wait until task i+1 is done. Once one wait has timed out (the tasks do not run
    together), the chain is broken and later waits give up at once: a pool that runs the
    tasks one by one costs one timeout per case, not one per task."""
    if i + 1 < len(_CHAIN):
        if not _CHAIN[i + 1].wait(0 if _CHAIN_BROKEN.is_set() else _WAIT):
            _CHAIN_BROKEN.set()


def chain_task(i):
    _wait_for_next(i)
    _CHAIN[i].set()
    return {"value": 10 * i, "pid": os.getpid(), "thread": threading.get_ident()}


_ERRORS = {"KeyError": KeyError, "TypeError": TypeError}


_TRACKED = set()


def chain_fail_task(item):
    i, error = item
    try:
        _wait_for_next(i)
        if error is not None:
            raise _ERRORS[error]("task %d failed" % i)
        return {"value": 10 * i, "pid": os.getpid(), "thread": threading.get_ident()}
    finally:
        # A task submitted through executor.submit (map uses it too) lets its future's
        # done-callback release the next task (see _batch): set here, the event could
        # let task i-1 finish before task i's future is marked done, and the order in
        # which failures happen would be up to the thread scheduler.
        if i not in _TRACKED:
            _CHAIN[i].set()


_TASKS = {"cpu": cpu_task, "io": io_task, "chain": chain_task, "chain_fail": chain_fail_task}


def _make_tasks_picklable():
    """Pickle sends a function by reference (module name, attribute name) and finds the
    module in sys.modules; the runner loads this file as a module that is not there. A
    stand-in module holding the same function objects lets a fork-started worker (which
    inherits sys.modules) find them."""
    if __name__ not in sys.modules:
        module = types.ModuleType(__name__)
        module.__dict__.update({task.__name__: task for task in _TASKS.values()})
        sys.modules[__name__] = module


_make_tasks_picklable()


def _pool_name(executor):
    if isinstance(executor, ProcessPoolExecutor):
        return "process"
    if isinstance(executor, ThreadPoolExecutor):
        return "thread"
    return "other"


def _make(solution, spec):
    try:
        executor = solution.make_executor(spec["kind"], spec["max_workers"])
    except Exception as error:  # noqa: BLE001 - reported as an observation
        return {"raised": type(error).__name__}
    try:
        return {"pool": _pool_name(executor),
                "max_workers": getattr(executor, "_max_workers", None)}
    finally:
        executor.shutdown(wait=True)


def _batch(solution, spec):
    global _BARRIER, _CHAIN
    workers = spec["max_workers"]
    items = spec["items"]
    _BARRIER = threading.Barrier(workers)
    _CHAIN = [threading.Event() for _ in items]
    _TRACKED.clear()
    _CHAIN_BROKEN.clear()
    made = []
    original = solution.make_executor

    def recording_make_executor(*args, **kwargs):
        executor = original(*args, **kwargs)
        entry = {"executor": executor, "waits": []}
        made.append(entry)
        real_shutdown = executor.shutdown

        def shutdown(wait=True, **more):
            entry["waits"].append(bool(wait))
            return real_shutdown(wait=wait, **more)

        executor.shutdown = shutdown
        real_submit = executor.submit

        def submit(fn, /, *args, **kwargs):
            if fn is chain_fail_task and len(args) == 1:
                index = args[0][0]
                _TRACKED.add(index)
                future = real_submit(fn, *args, **kwargs)
                future.add_done_callback(lambda _future: _CHAIN[index].set())
                return future
            return real_submit(fn, *args, **kwargs)

        executor.submit = submit
        return executor

    solution.make_executor = recording_make_executor
    parent_pid = os.getpid()
    main_thread = threading.get_ident()
    outcome = {"results": None, "raised": None}
    try:
        returned = solution.run_batch(spec["kind"], _TASKS[spec["task"]], items, workers)
        reports = list(returned)
    except Exception as error:  # noqa: BLE001 - reported as an observation
        outcome["raised"] = type(error).__name__
        reports = []
    finally:
        solution.make_executor = original
    reports = [r for r in reports if isinstance(r, dict)]
    if outcome["raised"] is None:
        outcome["results"] = [r.get("value") for r in reports]
    pids = [r["pid"] for r in reports]
    threads = [r["thread"] for r in reports]
    outcome.update({
        "executors_made": len(made),
        "shut_down": bool(made) and all(True in entry["waits"] for entry in made),
        "in_child_processes": bool(pids) and all(pid != parent_pid for pid in pids),
        "in_this_process": bool(pids) and all(pid == parent_pid for pid in pids),
        "off_main_thread": bool(threads) and all(t != main_thread for t in threads),
        "worker_processes_within_limit": len(set(pids)) <= workers,
        "ran_together": (all(r.get("together") for r in reports) if spec["task"] == "io"
                         else None),
    })
    for entry in made:
        # Whatever the candidate did, leave no worker behind.
        entry["executor"].shutdown(wait=True, cancel_futures=True)
    return outcome


def run(solution, case_input):
    if "make" in case_input:
        return _make(solution, case_input["make"])
    return _batch(solution, case_input["batch"])
