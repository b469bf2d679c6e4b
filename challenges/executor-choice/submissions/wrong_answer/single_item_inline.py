# Mistake: a batch of one item is run inline on the calling thread ("a pool for one task
# is overhead"), so I/O-bound work blocks the caller and never runs in the pool.
"""Choose the executor by the kind of work: processes for CPU-bound, threads for I/O-bound."""

import multiprocessing
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor


def make_executor(kind, max_workers):
    if type(max_workers) is not int or max_workers < 1:
        raise ValueError("max_workers must be an int >= 1")
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
        if len(items) == 1:
            return [func(items[0])]
        return list(executor.map(func, items))
