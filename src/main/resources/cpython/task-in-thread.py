# How one task runs when every task shares this interpreter (threads, sequential, gevent greenlets).
report_lock = threading.Lock()  # one task's line at a time on stdout


def run_task(number):
    """Runs task `number`: program number % len(PROGRAMS). Returns what it measured."""
    task = {"task": number, "back_from_io": [], "started": time.perf_counter()}
    PROGRAMS[number % len(PROGRAMS)](task)
    task["ended"] = time.perf_counter()
    report(task)
    return task


def report(task):
    """Prints one line for a finished task at once, so that a crash later on loses none of them."""
    with report_lock:
        print(json.dumps({"task": task["task"], "seconds": task["ended"] - task["started"]}), flush=True)
