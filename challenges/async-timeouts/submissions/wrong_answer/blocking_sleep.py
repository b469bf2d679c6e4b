# Mistake: right on the virtual clock, but it "gives the backends a moment" with
# time.sleep(0.2) inside fetch_all. time.sleep blocks the whole event loop: no other
# coroutine (no request, no other page) runs for those 0.2 s. The statement says never
# time.sleep(); the virtual clock cannot see it, so a static rule catches it.
import asyncio
import time


async def fetch_all(fetchers, timeout):
    async def one(fetch):
        try:
            return await asyncio.wait_for(fetch(), timeout)
        except asyncio.TimeoutError:
            return "timeout"
        except Exception as error:
            return error

    time.sleep(0.2)
    return list(await asyncio.gather(*(one(fetch) for fetch in fetchers)))
