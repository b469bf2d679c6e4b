# Mistake: appends each result when its item finishes, so the list is in completion order
# rather than in the order the items came from the source.
import asyncio

_DONE = object()


async def run_pipeline(source, handle, num_consumers, maxsize):
    if num_consumers < 1 or maxsize < 1:
        raise ValueError("num_consumers and maxsize must be at least 1")
    queue = asyncio.Queue(maxsize)
    results = []

    async def producer():
        async for item in source:
            await queue.put(item)
        for _ in range(num_consumers):
            await queue.put(_DONE)

    async def consumer():
        while True:
            item = await queue.get()
            if item is _DONE:
                return
            results.append(await handle(item))

    await asyncio.gather(producer(), *(consumer() for _ in range(num_consumers)))
    return results
