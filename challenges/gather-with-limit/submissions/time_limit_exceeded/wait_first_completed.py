# TOO SLOW: correct, but every time a slot frees up it calls
# asyncio.wait(pending, return_when=FIRST_COMPLETED) on the whole set of running tasks,
# which registers and removes a callback on each of them: O(jobs * limit) overall.
import asyncio


async def gather_limited(factories, limit):
    if limit < 1:
        raise ValueError("limit must be at least 1")
    factories = list(factories)
    results = [None] * len(factories)
    index_of = {}
    pending = set()
    next_index = 0
    try:
        while next_index < len(factories) or pending:
            while next_index < len(factories) and len(pending) < limit:
                task = asyncio.ensure_future(factories[next_index]())
                index_of[task] = next_index
                pending.add(task)
                next_index += 1
            done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                results[index_of[task]] = task.result()
    except BaseException:
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.wait(pending)
        raise
    return results
