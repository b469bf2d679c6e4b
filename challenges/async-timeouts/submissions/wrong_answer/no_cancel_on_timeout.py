# Mistake: asyncio.wait(timeout=...) marks the unfinished fetchers as "timeout" but never
# cancels them: they keep running (and finish) after fetch_all has returned.
import asyncio


async def fetch_all(fetchers, timeout):
    tasks = [asyncio.ensure_future(fetch()) for fetch in fetchers]
    if not tasks:
        return []
    done, pending = await asyncio.wait(tasks, timeout=timeout)
    results = []
    for task in tasks:
        if task in pending:
            results.append("timeout")
        elif task.exception() is not None:
            results.append(task.exception())
        else:
            results.append(task.result())
    return results
