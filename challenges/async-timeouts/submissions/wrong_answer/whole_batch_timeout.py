# Mistake: one asyncio.wait_for around the whole gather: when any fetcher is too slow,
# the whole batch times out and even the fetchers that finished in time report "timeout".
import asyncio


async def fetch_all(fetchers, timeout):
    async def one(fetch):
        try:
            return await fetch()
        except Exception as error:
            return error

    try:
        return list(await asyncio.wait_for(
            asyncio.gather(*(one(fetch) for fetch in fetchers)), timeout))
    except asyncio.TimeoutError:
        return ["timeout"] * len(fetchers)
