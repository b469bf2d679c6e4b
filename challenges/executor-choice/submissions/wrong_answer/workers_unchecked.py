# Mistake: leaves max_workers to the executors; they reject 0, but a float such as 2.5 (or a
# string for a process pool) slips through instead of raising ValueError.
"""Choose the executor by the kind of work: processes for CPU-bound, threads for I/O-bound."""

import multiprocessing
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor


def make_executor(kind, max_workers):
    if kind == "cpu":
        # The GIL lets one thread run Python bytecode at a time: CPU-bound work needs
        # processes. Fork keeps the workers able to unpickle functions of any loaded module.
        return ProcessPoolExecutor(max_workers=max_workers,
                                   mp_context=multiprocessing.get_context("fork"))
    if kind == "io":
        # Blocking I/O releases the GIL, so threads overlap their waits cheaply.
        return ThreadPoolExecutor(max_workers=max_workers)
    raise ValueError("kind must be 'cpu' or 'io', not %r" % (kind,))


def run_batch(kind, func, items, max_workers):
    with make_executor(kind, max_workers) as executor:
        return list(executor.map(func, items))
