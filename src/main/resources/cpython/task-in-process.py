# How one task runs in a worker process (or interpreter) of its own, and how data crosses to it and back.
shared_counter = None  # the counter in shared memory (incr-shared); set by start_worker
items = None  # the run's queue (put, get); set by start_worker
shared_blocks = {}  # size -> name of the shared_memory block holding that much data (share); set by start_worker
ready_made = {}  # size -> a result of that size (recv), made before the worker's first task
worker_ready_at = None  # when this worker was ready for its first task
started_by = None  # task number -> id of the process that started it, to tell which tasks a dead process lost


class Stamp:
    """Notes when it is pickled. First in the arguments of a call to another process (or first in a result), it
    tells the receiver when the sender began to serialize them, so that the receiver can time the whole copy."""

    def __init__(self, at=None):
        self.at = at

    def __reduce__(self):
        return Stamp, (time.perf_counter(),)


def start_worker(setup):
    """Runs first in every worker: the switch interval, and what the main process set up for the run."""
    global shared_counter, items, shared_blocks, started_by, worker_ready_at
    sys.setswitchinterval(SWITCH_INTERVAL)
    calibration.update(setup["calibration"])
    shared_counter = setup.get("shared_counter")
    items = setup.get("items")
    shared_blocks = setup.get("shared_blocks", {})
    started_by = setup.get("started_by")
    for size in RECV_SIZES:
        ready_made[size] = b"x" * size
    worker_ready_at = time.perf_counter()


def run_task(stamp, number, *sent):
    """Runs task `number` (program number % len(PROGRAMS)) on the data sent to it. Returns a Stamp, what the task
    measured and its results: the Stamp first, so that the main process can time the copy of the results."""
    received = time.perf_counter()
    if started_by is not None:
        started_by[number] = os.getpid()
    cpu = time.process_time()
    task = {"task": number, "back_from_io": [], "started": received, "sent_at": stamp.at,
            "worker": f"{os.getpid()}/{threading.get_native_id()}", "worker_ready_at": worker_ready_at}
    results = PROGRAMS[number % len(PROGRAMS)](task, *sent)
    task["ended"] = time.perf_counter()
    task["cpu_seconds"] = time.process_time() - cpu
    task["counter"] = counter
    return Stamp(), task, results


def received(result):
    """What a task sent back, as the main process holds it: the task's figures, with when its results arrived."""
    stamp, task, results = result
    task["results_sent_at"], task["results_arrived"] = stamp.at, time.perf_counter()
    report(task)
    return task


def report(task):
    """Prints one line for a finished task at once, so that nothing is lost if the program is stopped later."""
    print(json.dumps({"task": task["task"], "seconds": task["ended"] - task["started"]}), flush=True)


def copies(tasks, lost):
    """Bytes copied to and from the workers, and the time the copies took: a task's arguments from when the main
    process began to pickle them (or, if later, when the worker receiving them was free) until the task held them;
    its results from when the worker began to pickle them until the main process held them."""
    bytes_copied = sum(sum(SENDS[number % len(PROGRAMS)]) for number in lost)  # sent, then lost with the process
    seconds = 0.0
    free_since = {}  # worker -> when the main process had its last results
    for task in sorted(tasks, key=lambda t: t["started"]):
        sends, recvs = SENDS[task["task"] % len(PROGRAMS)], RECVS[task["task"] % len(PROGRAMS)]
        if sends:
            free = max(task["worker_ready_at"], free_since.get(task["worker"], 0))
            seconds += task.get("arrived", task["started"]) - max(task["sent_at"], free)
        if recvs:
            seconds += task["results_arrived"] - task["results_sent_at"]
        free_since[task["worker"]] = task["results_arrived"]
        bytes_copied += sum(sends) + sum(recvs)
    return bytes_copied, seconds


def own_counters(tasks):
    """Each worker's own counter at its last task: what the incr steps did in each process."""
    last = {}
    for task in sorted(tasks, key=lambda t: t["ended"]):
        last[task["worker"]] = task["counter"]
    return list(last.values())
