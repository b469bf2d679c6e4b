# Mistake: queue.join() then cancels the consumers but returns without awaiting them, so
# the consumer tasks are still pending (not yet stopped) when run_pipeline returns.
import asyncio


async def run_pipeline(source, handle, num_consumers, maxsize):
    if num_consumers < 1 or maxsize < 1:
        raise ValueError("num_consumers and maxsize must be at least 1")
    queue = asyncio.Queue(maxsize)
    results = {}

    async def consumer():
        while True:
            index, item = await queue.get()
            try:
                results[index] = await handle(item)
            finally:
                queue.task_done()

    consumers = [asyncio.create_task(consumer()) for _ in range(num_consumers)]
    count = 0
    async for item in source:
        await queue.put((count, item))
        count += 1
    await queue.join()
    for task in consumers:
        task.cancel()
    return [results[i] for i in range(count)]
