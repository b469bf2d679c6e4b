import asyncio


async def fetch_all(fetchers, timeout):
    """asyncio.wait variant: one shared deadline (every fetcher starts at the same time)."""
    tasks = [asyncio.ensure_future(fetch()) for fetch in fetchers]
    if not tasks:
        return []
    try:
        done, pending = await asyncio.wait(tasks, timeout=timeout)
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.wait(pending)
    except BaseException:
        # fetch_all itself was cancelled: cancel everything, wait, re-raise.
        for task in tasks:
            task.cancel()
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
