"""Executor choice with submit(): futures kept in input order, shutdown in finally."""

import multiprocessing
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

_POOLS = {"io": ThreadPoolExecutor, "cpu": ProcessPoolExecutor}


def make_executor(kind, max_workers):
    if kind not in _POOLS:
        raise ValueError(f"unknown kind of work: {kind!r}")
    if isinstance(max_workers, bool) or not isinstance(max_workers, int) or max_workers <= 0:
        raise ValueError("need at least one worker")
    if kind == "cpu":
        return ProcessPoolExecutor(max_workers, mp_context=multiprocessing.get_context("fork"))
    return ThreadPoolExecutor(max_workers)


def run_batch(kind, func, items, max_workers):
    executor = make_executor(kind, max_workers)
    try:
        futures = [executor.submit(func, item) for item in items]
        return [future.result() for future in futures]
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
