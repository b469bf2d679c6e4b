# Mistake: cancels the fetchers that timed out but returns right away, without waiting
# for the cancellation to be delivered and for their cleanup to finish.
import asyncio


async def fetch_all(fetchers, timeout):
    tasks = [asyncio.ensure_future(fetch()) for fetch in fetchers]
    if not tasks:
        return []
    try:
        done, pending = await asyncio.wait(tasks, timeout=timeout)
    except asyncio.CancelledError:
        for task in tasks:
            task.cancel()
        raise
    for task in pending:
        task.cancel()
    results = []
    for task in tasks:
        if task in pending:
            results.append("timeout")
        elif task.exception() is not None:
            results.append(task.exception())
        else:
            results.append(task.result())
    return results
