# The tasks on a pool of reused worker processes.
RUNNER = "multiprocessing.Pool"
START_METHOD = "spawn"  # a fresh interpreter for each worker, as GIL Lab starts its worker processes


def run_tasks():
    """Runs the tasks on a multiprocessing.Pool of WORKERS worker processes, each with its own interpreter, GIL and
    counter. The clock starts once every worker is up, as GIL Lab's starts once its workers are warm. A worker that
    dies is replaced by the pool, but the task it was running is lost: it never answers."""
    context = multiprocessing.get_context(START_METHOD)
    setup, blocks = make_setup(context)
    ready = context.Semaphore(0)
    done, failures = [], []
    try:
        with context.Pool(WORKERS, initializer=start_worker_then_say_so, initargs=(setup, ready)) as pool:
            for _ in range(WORKERS):
                ready.acquire()
            start = time.perf_counter()
            results = [pool.apply_async(run_task, (Stamp(), number, *arguments(number)),
                                        callback=lambda result: done.append(received(result)),
                                        error_callback=lambda error: failures.append(repr(error)))
                       for number in range(TASKS)]
            lost = wait_for(results, setup["started_by"])
    finally:
        for block in blocks:
            block.close()
            block.unlink()
    bytes_copied, copy_seconds = copies(done, lost)
    return {"start": start, "cpu_seconds": sum(task["cpu_seconds"] for task in done), "tasks": done, "lost": lost,
            "counter": counter_of_run(setup), "own_counters": own_counters(done),
            "bytes_copied": bytes_copied, "copy_seconds": copy_seconds, "failure": failures[0] if failures else None}


def start_worker_then_say_so(setup, ready):
    start_worker(setup)
    ready.release()


def wait_for(results, started_by):
    """Waits until every task has answered or is lost: started in a worker process that has died since. Returns
    the lost tasks' numbers."""
    lost = set()
    while True:
        waiting = [number for number, result in enumerate(results) if not result.ready() and number not in lost]
        if not waiting:
            return sorted(lost)
        results[waiting[0]].wait(0.05)
        alive = {process.pid for process in multiprocessing.active_children()}
        lost.update(number for number in waiting if started_by[number] and started_by[number] not in alive
                    and not results[number].ready())
