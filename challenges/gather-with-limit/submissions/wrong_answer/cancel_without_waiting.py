# Mistake: on failure it cancels the other jobs but raises right away without awaiting
# them, so they are still running (their cleanup has not happened) when it returns.
import asyncio


async def gather_limited(factories, limit):
    if limit < 1:
        raise ValueError("limit must be at least 1")
    factories = list(factories)
    results = [None] * len(factories)
    next_index = 0
    failed = False

    async def worker():
        nonlocal next_index, failed
        while not failed and next_index < len(factories):
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
        raise
    return results
