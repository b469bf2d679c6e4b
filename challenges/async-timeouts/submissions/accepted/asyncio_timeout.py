import asyncio


async def fetch_all(fetchers, timeout):
    """asyncio.timeout variant (Python 3.11+), one task per fetcher."""

    async def one(fetch):
        try:
            async with asyncio.timeout(timeout):
                return await fetch()
        except TimeoutError:
            return "timeout"
        except Exception as error:
            return error

    tasks = [asyncio.ensure_future(one(fetch)) for fetch in fetchers]
    try:
        return [await task for task in tasks]
    except asyncio.CancelledError:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise
