import asyncio


async def run_pipeline(source, handle, num_consumers, maxsize):
    """queue.join() variant: consumers call task_done(); once the producer is done and the
    queue is drained, the consumers are cancelled and awaited."""
    if num_consumers < 1 or maxsize < 1:
        raise ValueError("num_consumers and maxsize must be at least 1")
    queue = asyncio.Queue(maxsize)
    pairs = []

    async def consumer():
        while True:
            index, item = await queue.get()
            try:
                pairs.append((index, await handle(item)))
            finally:
                queue.task_done()

    consumers = [asyncio.create_task(consumer()) for _ in range(num_consumers)]
    try:
        index = 0
        async for item in source:
            await queue.put((index, item))
            index += 1
        await queue.join()
    finally:
        for task in consumers:
            task.cancel()
        await asyncio.gather(*consumers, return_exceptions=True)
    pairs.sort(key=lambda pair: pair[0])
    return [result for _, result in pairs]
