# Mistake: runs the jobs in fixed batches of `limit` and waits for the whole batch before
# starting the next one, so a freed slot stays idle until the slowest job of the batch ends.
import asyncio


async def gather_limited(factories, limit):
    if limit < 1:
        raise ValueError("limit must be at least 1")
    factories = list(factories)
    results = []
    for start in range(0, len(factories), limit):
        batch = [asyncio.ensure_future(f()) for f in factories[start:start + limit]]
        try:
            results.extend(await asyncio.gather(*batch))
        except BaseException:
            for task in batch:
                task.cancel()
            await asyncio.gather(*batch, return_exceptions=True)
            raise
    return results
