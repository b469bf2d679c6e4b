# Mistake: semaphore + asyncio.gather, but when a job fails the exception simply
# propagates: the other running jobs are never cancelled and the queued ones still start.
import asyncio


async def gather_limited(factories, limit):
    if limit < 1:
        raise ValueError("limit must be at least 1")
    semaphore = asyncio.Semaphore(limit)

    async def guarded(factory):
        async with semaphore:
            return await factory()

    return list(await asyncio.gather(*(guarded(factory) for factory in factories)))
