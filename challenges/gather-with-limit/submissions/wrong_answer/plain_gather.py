# Mistake: ignores the limit and starts every job at once with asyncio.gather.
import asyncio


async def gather_limited(factories, limit):
    if limit < 1:
        raise ValueError("limit must be at least 1")
    return list(await asyncio.gather(*(factory() for factory in factories)))
