# Mistake: the happy path is right, but nothing handles a failing source. The producer's
# exception escapes gather() at once while the consumers are still running handle() or
# waiting on get(): run_pipeline raises with its tasks still pending (leaked).
import asyncio

_DONE = object()


async def run_pipeline(source, handle, num_consumers, maxsize):
    if num_consumers < 1 or maxsize < 1:
        raise ValueError("num_consumers and maxsize must be at least 1")
    queue = asyncio.Queue(maxsize=maxsize)
    results = {}
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
            results[index] = await handle(item)

    tasks = [asyncio.create_task(producer())]
    tasks += [asyncio.create_task(consumer()) for _ in range(num_consumers)]
    await asyncio.gather(*tasks)
    return [results[i] for i in range(count)]
