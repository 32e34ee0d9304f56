"""CPython's side of GIL Lab's process benchmark: prints one figure per line, "method name [size] value".

Run as: python3 -S process_bench.py ITERATIONS_PER_5MS_TASK REPEATS [TASKS]
Measures, for each start method: a one-process pool's start until its first answer; TASKS (default 40) tasks of
about 5 ms with a process per task (two at a time) and on a pool of two. Copying is measured by copy_bench.py,
interleaved with GIL Lab's own copies.
"""
import multiprocessing as mp
import statistics
import sys
import time


def countdown(n):
    while n > 0:
        n -= 1


def noop(_=None):
    return None


def median_seconds(fn, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def pool_ready(ctx):
    with ctx.Pool(1) as pool:
        pool.apply(noop)


def per_task(ctx, iterations, tasks, at_once=2):
    running = []
    for _ in range(tasks):
        if len(running) == at_once:
            running.pop(0).join()
        p = ctx.Process(target=countdown, args=(iterations,))
        p.start()
        running.append(p)
    for p in running:
        p.join()


def pooled(pool, iterations, tasks):
    pool.map(countdown, [iterations] * tasks, chunksize=1)


def main():
    iterations = int(sys.argv[1])
    repeats = int(sys.argv[2])
    tasks = int(sys.argv[3]) if len(sys.argv) > 3 else 40
    print("python", sys.version.split()[0], flush=True)
    for method in ("spawn", "forkserver", "fork"):
        if method not in mp.get_all_start_methods():
            continue
        ctx = mp.get_context(method)
        figures = {"pool_ready_ms": median_seconds(lambda: pool_ready(ctx), repeats) * 1e3}
        figures["per_task_ms"] = median_seconds(lambda: per_task(ctx, iterations, tasks), 1) * 1e3
        with ctx.Pool(2) as pool:
            pool.map(noop, range(4))
            figures["pool_ms"] = median_seconds(lambda: pooled(pool, iterations, tasks), 3) * 1e3
        for name, value in figures.items():
            print(method, name, f"{value:.4f}")


if __name__ == "__main__":
    main()
