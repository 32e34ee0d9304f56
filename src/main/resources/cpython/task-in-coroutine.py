# How one task runs as a coroutine of the one asyncio event loop.


async def run_task(number):
    """Runs task `number`: program number % len(PROGRAMS). Returns what it measured."""
    task = {"task": number, "back_from_io": [], "started": time.perf_counter()}
    await PROGRAMS[number % len(PROGRAMS)](task)
    task["ended"] = time.perf_counter()
    report(task)
    return task


def report(task):
    """Prints one line for a finished task at once, so that a crash later on loses none of them."""
    print(json.dumps({"task": task["task"], "seconds": task["ended"] - task["started"]}), flush=True)
