# The tasks on a pool of threads of this interpreter.
RUNNER = "concurrent.futures.ThreadPoolExecutor"


def run_tasks():
    """Runs the tasks on a ThreadPoolExecutor of WORKERS threads, every one started before the clock starts, as
    GIL Lab's pool is: Python threads of this one interpreter, sharing its GIL (unless this CPython has none)."""
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        every_thread_started = threading.Barrier(WORKERS)  # a thread waits here until all WORKERS are waiting
        try:
            for started in [pool.submit(every_thread_started.wait) for _ in range(WORKERS)]:
                started.result()
        except BaseException:  # a thread could not start: let those that did go, or the pool waits for them forever
            every_thread_started.abort()
            raise
        cpu = time.process_time()
        start = time.perf_counter()
        tasks = list(pool.map(run_task, range(TASKS)))
        return {"start": start, "cpu_seconds": time.process_time() - cpu, "tasks": tasks, "counter": counter}
