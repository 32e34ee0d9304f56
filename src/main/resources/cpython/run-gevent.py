# The tasks on greenlets of one gevent hub.
RUNNER = "gevent.pool.Pool"


def run_tasks():
    """Runs the tasks on a gevent.pool.Pool of WORKERS greenlets, as GIL Lab's greenlets run: all on this one
    thread, one at a time; a greenlet runs until it waits (gevent.sleep, an empty queue), and nothing preempts it."""
    pool = gevent.pool.Pool(WORKERS)
    cpu = time.process_time()
    start = time.perf_counter()
    tasks = pool.map(run_task, range(TASKS))
    return {"start": start, "cpu_seconds": time.process_time() - cpu, "tasks": tasks, "counter": counter}
