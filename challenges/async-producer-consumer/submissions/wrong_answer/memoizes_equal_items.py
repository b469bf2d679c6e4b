# Mistake: "equal items give equal results", so each distinct item is handled once and its
# result reused; but handle has a side effect (a write to the service), and every occurrence
# must be handled.
import asyncio

_DONE = object()


async def run_pipeline(source, handle, num_consumers, maxsize):
    """One producer and ``num_consumers`` consumers around a bounded asyncio.Queue.

    The producer numbers the items, so each result is stored at its item's index. When
    the source is exhausted it puts one sentinel per consumer; every consumer stops at its
    sentinel. All tasks are awaited before returning.
    """
    if num_consumers < 1:
        raise ValueError("num_consumers must be at least 1")
    if maxsize < 1:
        raise ValueError("maxsize must be at least 1")
    queue = asyncio.Queue(maxsize=maxsize)
    results = {}
    seen = {}
    count = 0

    async def producer():
        nonlocal count
        async for item in source:
            await queue.put((count, item))
            count += 1
        for _ in range(num_consumers):
            await queue.put(_DONE)

    async def consumer():
        while True:
            entry = await queue.get()
            if entry is _DONE:
                return
            index, item = entry
            if item not in seen:
                seen[item] = await handle(item)
            results[index] = seen[item]

    tasks = [asyncio.ensure_future(producer())]
    tasks += [asyncio.ensure_future(consumer()) for _ in range(num_consumers)]
    try:
        await asyncio.gather(*tasks)
    except BaseException:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise
    return [results[i] for i in range(count)]
