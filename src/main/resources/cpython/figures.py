# The run's figures as one JSON line, and the program's start. ProgramWriter fills in main()'s ${...}: BEFORE is whole lines.
def figures(run):
    """The run's figures, the same GIL Lab's emulation reports."""
    tasks = run["tasks"]
    task_seconds = [None] * TASKS  # None for a task that did not finish
    for task in tasks:
        task_seconds[task["task"]] = task["ended"] - task["started"]
    back = sorted(seconds for task in tasks for seconds in task["back_from_io"])
    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "gil": "enabled" if gil_enabled() else "disabled",
        "runner": RUNNER,
        "start_method": globals().get("START_METHOD"),
        "workers": WORKERS,
        "tasks": TASKS,
        "switch_interval_ms": sys.getswitchinterval() * 1e3,
        "wall_seconds": max((task["ended"] for task in tasks), default=run["start"]) - run["start"],
        "cpu_seconds": run["cpu_seconds"],
        "tasks_finished": len(tasks),
        "tasks_lost": run.get("lost", []),
        "task_seconds": task_seconds,
        "counter": {"expected": INCREMENTS, "actual": run["counter"], "lost": INCREMENTS - run["counter"]}
        if INCREMENTS else None,
        "own_counters": run.get("own_counters"),
        "back_from_io_ms": {"count": len(back), "median": back[len(back) // 2] * 1e3, "max": back[-1] * 1e3}
        if back else None,
        "bytes_copied": run.get("bytes_copied", 0),
        "copy_seconds": run.get("copy_seconds", 0.0),
        "failure": run.get("failure"),
    }


def gil_enabled():
    """Whether this CPython runs with a GIL: always before 3.13; a free-threaded build (3.13t, 3.14t) has none."""
    return getattr(sys, "_is_gil_enabled", lambda: True)()


def fail(kind, message):
    """Says as JSON why this program cannot run here, and ends it."""
    print(json.dumps({"error": {"kind": kind, "message": message}}), flush=True)
    sys.exit(2)


def main():
    sys.setswitchinterval(SWITCH_INTERVAL)
${BEFORE}    run = ${RUN}
    print(json.dumps({"figures": figures(run)}), flush=True)


MODULE_LOADED = time.perf_counter()  # when this file had loaded: a spawned worker process loads it too

if __name__ == "__main__":
    main()
