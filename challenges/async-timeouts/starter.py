import asyncio


async def fetch_all(fetchers, timeout):
    """Run every fetcher concurrently, each with its own ``timeout`` (seconds).

    ``fetchers`` is a list of zero-argument async callables; ``fetchers[i]()`` returns a
    coroutine. Return a list, in input order, where slot i is:

    - the value fetcher i returned, if it finished within ``timeout`` seconds;
    - the string "timeout" otherwise (the fetcher must then be cancelled, and
      fetch_all must wait until it has actually finished cancelling);
    - the exception object, if fetcher i raised an exception within the timeout.

    If fetch_all itself is cancelled, cancel every fetcher still running, wait for
    them, and let the CancelledError propagate.
    """
    raise NotImplementedError("fetch_all is not implemented yet")
