# Mistake: creates the queue without maxsize, so it is unbounded: the producer drains the
# whole source into memory at once instead of waiting for the consumers (no backpressure).
import asyncio

_DONE = object()


async def run_pipeline(source, handle, num_consumers, maxsize):
    if num_consumers < 1 or maxsize < 1:
        raise ValueError("num_consumers and maxsize must be at least 1")
    queue = asyncio.Queue()
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

    await asyncio.gather(producer(), *(consumer() for _ in range(num_consumers)))
    return [results[i] for i in range(count)]
