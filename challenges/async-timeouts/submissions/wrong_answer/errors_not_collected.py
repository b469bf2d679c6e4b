# Mistake: only catches the timeout, so a fetcher's own exception escapes from
# asyncio.gather and fails the whole call instead of filling that fetcher's slot.
import asyncio


async def fetch_all(fetchers, timeout):
    async def one(fetch):
        try:
            return await asyncio.wait_for(fetch(), timeout)
        except asyncio.TimeoutError:
            return "timeout"

    return list(await asyncio.gather(*(one(fetch) for fetch in fetchers)))
