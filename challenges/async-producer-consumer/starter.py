import asyncio


async def run_pipeline(source, handle, num_consumers, maxsize):
    """Process every item of ``source`` with ``handle`` using a bounded queue.

    - ``source``: an async iterable of items (``async for item in source``).
    - ``handle``: an async function; ``await handle(item)`` returns the item's result.
    - One producer task reads ``source`` into an ``asyncio.Queue(maxsize)``;
      ``num_consumers`` consumer tasks take items from the queue and handle them.
    - Return the results in source order; handle every item exactly once.
    - Before returning, every task you started must have finished.
    - ``num_consumers < 1`` or ``maxsize < 1``: raise ValueError.
    - If ``source`` raises: cancel and await your tasks, then raise that same exception.
    """
    raise NotImplementedError("run_pipeline is not implemented yet")
