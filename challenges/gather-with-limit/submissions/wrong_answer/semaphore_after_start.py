# Mistake: creates a task for every job first and only then takes the semaphore around
# awaiting it. create_task already starts the coroutine, so the limit is not enforced.
import asyncio


async def gather_limited(factories, limit):
    if limit < 1:
        raise ValueError("limit must be at least 1")
    semaphore = asyncio.Semaphore(limit)
    tasks = [asyncio.ensure_future(factory()) for factory in factories]

    async def guarded(task):
        async with semaphore:
            return await task

    try:
        return list(await asyncio.gather(*(guarded(task) for task in tasks)))
    except BaseException:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise
