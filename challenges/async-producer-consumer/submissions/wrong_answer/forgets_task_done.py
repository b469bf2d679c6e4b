# Mistake: waits for the queue with queue.join() but the consumers never call
# queue.task_done(), so join() never returns and the pipeline hangs.
import asyncio


async def run_pipeline(source, handle, num_consumers, maxsize):
    if num_consumers < 1 or maxsize < 1:
        raise ValueError("num_consumers and maxsize must be at least 1")
    queue = asyncio.Queue(maxsize)
    results = {}

    async def consumer():
        while True:
            index, item = await queue.get()
            results[index] = await handle(item)

    consumers = [asyncio.create_task(consumer()) for _ in range(num_consumers)]
    count = 0
    async for item in source:
        await queue.put((count, item))
        count += 1
    await queue.join()
    for task in consumers:
        task.cancel()
    await asyncio.gather(*consumers, return_exceptions=True)
    return [results[i] for i in range(count)]
