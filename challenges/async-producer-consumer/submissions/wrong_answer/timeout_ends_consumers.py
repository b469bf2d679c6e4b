# Mistake: the consumers stop when the queue has stayed empty for a second, instead of being
# told that the source is exhausted; the pipeline sits idle at the end (and a slow source
# would end it early).
import asyncio


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
    count = 0

    async def producer():
        nonlocal count
        async for item in source:
            await queue.put((count, item))
            count += 1

    async def consumer():
        while True:
            try:
                entry = await asyncio.wait_for(queue.get(), timeout=1.0)
            except asyncio.TimeoutError:
                return
            index, item = entry
            results[index] = await handle(item)

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
