# The tasks on a pool of interpreters, each with its own GIL (Python 3.14).
RUNNER = "concurrent.futures.InterpreterPoolExecutor"


def run_tasks():
    """Runs the tasks on an InterpreterPoolExecutor of WORKERS threads, each running its tasks in an interpreter of
    its own, with its own GIL and its own counter (PEP 684, PEP 734). Arguments and results cross between
    interpreters pickled. The clock starts once every worker thread and its interpreter are up."""
    from concurrent.futures import InterpreterPoolExecutor
    setup = {"calibration": dict(calibration)}
    for size in {size for sizes in SENDS for size in sizes}:
        payloads[size] = b"x" * size
    with InterpreterPoolExecutor(max_workers=WORKERS, initializer=start_worker, initargs=(setup,)) as pool:
        # Each waits a little, so that every submit finds no idle worker and starts a new one, with its interpreter.
        for started in [pool.submit(time.sleep, 0.05) for _ in range(WORKERS)]:
            started.result()
        cpu = time.process_time()
        start = time.perf_counter()
        futures = [pool.submit(run_task, Stamp(), number, *arguments(number)) for number in range(TASKS)]
        done = [received(future.result()) for future in futures]
    bytes_copied, copy_seconds = copies(done, [])
    return {"start": start, "cpu_seconds": time.process_time() - cpu, "tasks": done, "lost": [],
            "counter": sum(own_counters(done)), "own_counters": own_counters(done),
            "bytes_copied": bytes_copied, "copy_seconds": copy_seconds}


payloads = {}  # size -> data of that size for tasks' send steps, made before the clock starts


def arguments(number):
    """The data task `number` is sent (its send steps): each arrives in the worker's interpreter as a pickled copy."""
    return [payloads[size] for size in SENDS[number % len(PROGRAMS)]]

