import asyncio


async def gather_limited(factories, limit):
    """Run the jobs with at most ``limit`` of them running at the same time.

    ``factories`` is a list of zero-argument callables; ``factories[i]()`` returns a
    coroutine (job i). Call a factory only when you start its job.

    - Start jobs in input order; whenever a job finishes and jobs are still waiting,
      start the next one right away (never more than ``limit`` running).
    - Return the list of results in input order (result i is job i's return value).
    - ``limit < 1``: raise ValueError before starting anything.
    - When a job raises: start no further job, cancel the jobs still running, wait
      until they have finished, then re-raise that job's exception.
    """
    raise NotImplementedError("gather_limited is not implemented yet")
