# The tasks each on a new worker process.
RUNNER = "multiprocessing.Process, one per task"
START_METHOD = "spawn"  # a fresh interpreter for each process, as GIL Lab starts its worker processes


def run_tasks():
    """Runs every task on a new worker process of its own, at most WORKERS at a time, started with the task and
    ending with it: starting each is part of the run's time, as in GIL Lab. A process that dies loses its task."""
    context = multiprocessing.get_context(START_METHOD)
    setup, blocks = make_setup(context)
    done, lost, running = [], [], {}  # running: the reading end of each running process's pipe -> (process, task)
    cpu_seconds = 0.0
    try:
        start = time.perf_counter()
        for number in range(TASKS):
            if len(running) == WORKERS:
                cpu_seconds += wait_for_one(running, done, lost)
            reader, writer = context.Pipe(duplex=False)
            process = context.Process(target=task_process, args=(writer, setup, Stamp(), number, *arguments(number)))
            process.start()
            writer.close()  # the process has its own end now: if it dies, reading ours ends
            running[reader] = (process, number)
        while running:
            cpu_seconds += wait_for_one(running, done, lost)
    finally:
        for block in blocks:
            block.close()
            block.unlink()
    bytes_copied, copy_seconds = copies(done, lost)
    return {"start": start, "cpu_seconds": cpu_seconds, "tasks": done, "lost": sorted(lost),
            "counter": counter_of_run(setup), "own_counters": own_counters(done),
            "bytes_copied": bytes_copied, "copy_seconds": copy_seconds, "failure": None}


def task_process(writer, setup, stamp, number, *sent):
    """What a task's own process runs: the task, then its figures sent back with the CPU time the process used."""
    arrived = time.perf_counter()  # the arguments had arrived once this function was called
    start_worker(setup)
    stamp_result, task, results = run_task(stamp, number, *sent)
    task["arrived"] = arrived
    task["worker_ready_at"] = MODULE_LOADED  # this process had to load this file before it could receive anything
    task["process_cpu_seconds"] = time.process_time()
    writer.send((stamp_result, task, results))


def wait_for_one(running, done, lost):
    """Waits until one of the running processes has sent its task's figures or died; returns its CPU time."""
    reader = multiprocessing.connection.wait(list(running))[0]
    process, number = running.pop(reader)
    cpu_seconds = 0.0
    try:
        task = received(reader.recv())
        done.append(task)
        cpu_seconds = task["process_cpu_seconds"]
    except EOFError:
        lost.append(number)
    reader.close()
    process.join()
    return cpu_seconds
