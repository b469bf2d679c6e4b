# Mistake: the same blocking pause as blocking_sleep.py, behind an alias
# (`from time import sleep as pause`) and inside the per-request coroutine, so every
# request blocks the event loop in turn.
import asyncio
from time import sleep as pause


async def fetch_all(fetchers, timeout):
    async def one(fetch):
        pause(0.001)
        try:
            return await asyncio.wait_for(fetch(), timeout)
        except asyncio.TimeoutError:
            return "timeout"
        except Exception as error:
            return error

    return list(await asyncio.gather(*(one(fetch) for fetch in fetchers)))
