# Mistake: the producer "gives the consumers a head start" with a blocking
# time.sleep(0.15): the whole event loop stops meanwhile, so no consumer (nor anything
# else) runs while it sleeps. Right on the virtual clock; the watch of the event loop
# catches it.
import asyncio
import time

_DONE = object()   # sentinel: "no more items", one per consumer


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
        time.sleep(0.15)   # give the consumers a head start
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
