# Mistake: "throttles" each job start with time.sleep(0.15) (imported as `pause`), which
# blocks the whole event loop: the running jobs cannot make progress meanwhile. The
# results are right on the virtual clock; the watch of the event loop catches it.
import asyncio
from time import sleep as pause


async def gather_limited(factories, limit):
    """Run the jobs made by ``factories`` with at most ``limit`` running at once.

    A fixed pool of ``limit`` workers pulls job indices in input order; each result is
    stored at its job's index. When a job fails, no further job starts, the other
    running jobs are cancelled and awaited, and the job's exception is re-raised.
    """
    if limit < 1:
        raise ValueError("limit must be at least 1")
    factories = list(factories)
    results = [None] * len(factories)
    next_index = 0
    failed = False

    async def worker():
        nonlocal next_index, failed
        while not failed and next_index < len(factories):
            pause(0.15)
            index = next_index
            next_index += 1
            try:
                results[index] = await factories[index]()
            except BaseException:
                failed = True
                raise

    workers = [asyncio.ensure_future(worker()) for _ in range(min(limit, len(factories)))]
    try:
        await asyncio.gather(*workers)
    except BaseException:
        for task in workers:
            task.cancel()
        await asyncio.gather(*workers, return_exceptions=True)
        raise
    return results
