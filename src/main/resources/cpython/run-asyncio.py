# The tasks as coroutines of one asyncio event loop.
RUNNER = "asyncio"


async def run_tasks():
    """Runs the tasks as coroutines of one asyncio event loop, at most WORKERS at a time, as GIL Lab's greenlets
    run: all on this one thread, one at a time; a coroutine runs until it awaits, and nothing preempts it."""
    slots = asyncio.Semaphore(WORKERS)

    async def in_a_slot(number):
        async with slots:
            return await run_task(number)

    cpu = time.process_time()
    start = time.perf_counter()
    tasks = await asyncio.gather(*(in_a_slot(number) for number in range(TASKS)))
    return {"start": start, "cpu_seconds": time.process_time() - cpu, "tasks": tasks, "counter": counter}
