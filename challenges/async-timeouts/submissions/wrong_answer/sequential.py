# Mistake: awaits the fetchers one after another, each with its own wait_for. The slots
# are right, but the fetchers do not run concurrently: the total time is the sum of the
# individual times instead of (at most) one timeout.
import asyncio


async def fetch_all(fetchers, timeout):
    results = []
    for fetch in fetchers:
        try:
            results.append(await asyncio.wait_for(fetch(), timeout))
        except asyncio.TimeoutError:
            results.append("timeout")
        except Exception as error:
            results.append(error)
    return results
