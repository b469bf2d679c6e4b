# Mistake: an asyncio.Lock held around the whole handle() call "to protect the results",
# so only one consumer works at a time however many were started.
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
    lock = asyncio.Lock()   # "protects" results: it also serialises every handle call
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
            async with lock:
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
