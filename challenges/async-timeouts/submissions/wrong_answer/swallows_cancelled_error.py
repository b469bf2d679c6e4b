# Mistake: treats CancelledError like a timeout. When the caller cancels fetch_all, the
# cancellation is swallowed: fetch_all carries on, returns a list, and the remaining
# fetchers are never cancelled.
import asyncio


async def fetch_all(fetchers, timeout):
    tasks = [asyncio.ensure_future(asyncio.wait_for(fetch(), timeout)) for fetch in fetchers]
    results = []
    for task in tasks:
        try:
            results.append(await task)
        except (asyncio.TimeoutError, asyncio.CancelledError):
            results.append("timeout")
        except Exception as error:
            results.append(error)
    return results
