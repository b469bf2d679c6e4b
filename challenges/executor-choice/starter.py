"""Pick the right executor for CPU-bound and for I/O-bound work. See statement.md."""

import multiprocessing
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor


def make_executor(kind: str, max_workers: int) -> Executor:
    """Build the executor for ``kind`` ("cpu" or "io") work with ``max_workers`` workers."""
    raise NotImplementedError


def run_batch(kind: str, func, items, max_workers: int) -> list:
    """Run ``func`` on every item on an executor from make_executor; return the results."""
    raise NotImplementedError
