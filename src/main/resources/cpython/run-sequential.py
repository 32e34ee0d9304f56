# The tasks one after another.
RUNNER = "one thread, one task after another"


def run_tasks():
    """Runs the tasks one after another on this thread, as a plain loop would."""
    cpu = time.process_time()
    start = time.perf_counter()
    tasks = [run_task(number) for number in range(TASKS)]
    return {"start": start, "cpu_seconds": time.process_time() - cpu, "tasks": tasks, "counter": counter}
