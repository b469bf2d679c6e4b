# Mistake: no time.sleep, but a blocking wait all the same: threading.Event().wait(0.2)
# inside fetch_all holds the event loop for 0.2 s, and no other coroutine runs meanwhile.
# No static rule names it; the harness's watch of the event loop's callbacks catches it.
import asyncio
import threading


async def fetch_all(fetchers, timeout):
    async def one(fetch):
        try:
            return await asyncio.wait_for(fetch(), timeout)
        except asyncio.TimeoutError:
            return "timeout"
        except Exception as error:
            return error

    threading.Event().wait(0.2)
    return list(await asyncio.gather(*(one(fetch) for fetch in fetchers)))
