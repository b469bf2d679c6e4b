import asyncio


async def fetch_all(fetchers, timeout):
    """Run every fetcher concurrently, each with its own ``timeout``.

    Slot i is fetcher i's return value, the string "timeout" if it did not finish in
    time (asyncio.wait_for has then cancelled it and waited for its cleanup), or the
    exception it raised. Cancelling fetch_all cancels every fetcher (gather does that)
    and the CancelledError propagates.
    """

    async def one(fetch):
        try:
            return await asyncio.wait_for(fetch(), timeout)
        except asyncio.TimeoutError:
            return "timeout"
        except Exception as error:  # a fetcher's own failure is a result, not fatal
            return error

    return list(await asyncio.gather(*(one(fetch) for fetch in fetchers)))
