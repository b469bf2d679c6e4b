# TOO SLOW: correct, but the results are reassembled by searching the list of
# (index, result) pairs for every index in turn: O(n^2) for n items.
import asyncio

_DONE = object()


async def run_pipeline(source, handle, num_consumers, maxsize):
    if num_consumers < 1 or maxsize < 1:
        raise ValueError("num_consumers and maxsize must be at least 1")
    queue = asyncio.Queue(maxsize)
    pairs = []
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
            pairs.append((index, await handle(item)))

    await asyncio.gather(producer(), *(consumer() for _ in range(num_consumers)))
    ordered = []
    for i in range(count):
        ordered.append(next(result for index, result in pairs if index == i))
    return ordered
