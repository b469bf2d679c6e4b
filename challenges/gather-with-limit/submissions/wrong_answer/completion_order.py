# Mistake: appends each result when its job finishes, so the list is in completion
# order instead of input order.
import asyncio


async def gather_limited(factories, limit):
    if limit < 1:
        raise ValueError("limit must be at least 1")
    factories = list(factories)
    results = []
    next_index = 0
    failed = False

    async def worker():
        nonlocal next_index, failed
        while not failed and next_index < len(factories):
            factory = factories[next_index]
            next_index += 1
            try:
                results.append(await factory())
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
