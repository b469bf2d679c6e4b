import asyncio


async def gather_limited(factories, limit):
    """Semaphore variant: one task per job, each job runs while holding the semaphore."""
    if limit < 1:
        raise ValueError("limit must be at least 1")
    semaphore = asyncio.Semaphore(limit)
    failed = False

    async def guarded(factory):
        nonlocal failed
        async with semaphore:
            if failed:
                return None
            try:
                return await factory()
            except BaseException:
                failed = True
                raise

    tasks = [asyncio.ensure_future(guarded(factory)) for factory in factories]
    if not tasks:
        return []
    try:
        return list(await asyncio.gather(*tasks))
    except BaseException:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise
