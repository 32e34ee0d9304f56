"""CPython's side of the oversubscription rows: one round over every process count, one figure per line.

Run as: python3 -S oversubscription_bench.py TOTAL_ITERATIONS P1 P2 ...
For each P, TOTAL_ITERATIONS of the countdown split over a Pool(P) of the default start method, P tasks:
  p<P> net_s        the map alone, once every worker has started (a barrier in the pool's initializer)
  p<P> gross_s      the same with the pool's start, close and join
  p<P> net_invol    involuntary context switches of the tasks' threads while they counted down
  p<P> gross_invol  involuntary context switches of every child, start and exit included (getrusage)
"""
import multiprocessing as mp
import resource
import sys
import time


def switches():
    """(voluntary, involuntary) context switches of the calling thread so far."""
    counts = {}
    with open("/proc/thread-self/status") as status:
        for line in status:
            if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
                name, value = line.split(":")
                counts[name] = int(value)
    return counts.get("voluntary_ctxt_switches", 0), counts.get("nonvoluntary_ctxt_switches", 0)


def countdown(n):
    before = switches()
    while n > 0:
        n -= 1
    after = switches()
    return after[1] - before[1]


def wait_at(barrier):
    barrier.wait()


def net(ctx, processes, share):
    barrier = ctx.Barrier(processes + 1)
    pool = ctx.Pool(processes, initializer=wait_at, initargs=(barrier,))
    try:
        barrier.wait()  # every worker has started and is waiting for tasks
        start = time.perf_counter()
        invol = sum(pool.map(countdown, [share] * processes, chunksize=1))
        took = time.perf_counter() - start
    finally:
        pool.close()
        pool.join()
    return took, invol


def gross(ctx, processes, share):
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_nivcsw
    start = time.perf_counter()
    pool = ctx.Pool(processes)
    pool.map(countdown, [share] * processes, chunksize=1)
    pool.close()
    pool.join()
    took = time.perf_counter() - start
    return took, resource.getrusage(resource.RUSAGE_CHILDREN).ru_nivcsw - before


def main():
    total = int(sys.argv[1])
    counts = [int(p) for p in sys.argv[2:]]
    ctx = mp.get_context()
    print("python", sys.version.split()[0], ctx.get_start_method(), flush=True)
    for processes in counts:
        share = total // processes
        net_s, net_invol = net(ctx, processes, share)
        gross_s, gross_invol = gross(ctx, processes, share)
        print(f"p{processes} net_s {net_s:.6f}")
        print(f"p{processes} gross_s {gross_s:.6f}")
        print(f"p{processes} net_invol {net_invol}")
        print(f"p{processes} gross_invol {gross_invol}")


if __name__ == "__main__":
    main()
