# TOO SLOW: correct, but it collects results with a loop of
# asyncio.wait(pending, return_when=FIRST_COMPLETED), which re-registers a callback on
# every pending task each time one fetcher finishes: O(n^2) for n fetchers.
import asyncio


async def fetch_all(fetchers, timeout):
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    tasks = [asyncio.ensure_future(fetch()) for fetch in fetchers]
    pending = set(tasks)
    try:
        while pending:
            remaining = deadline - loop.time()
            if remaining <= 0:
                break
            done, pending = await asyncio.wait(
                pending, timeout=remaining, return_when=asyncio.FIRST_COMPLETED)
            if not done:
                break
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.wait(pending)
    except asyncio.CancelledError:
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks)
        raise
    results = []
    for task in tasks:
        if task in pending:
            results.append("timeout")
        elif task.exception() is not None:
            results.append(task.exception())
        else:
            results.append(task.result())
    return results
