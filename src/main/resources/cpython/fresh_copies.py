"""What copying through a multiprocessing pipe costs CPython in a fresh program, as a lesson's CPython program copies
its arguments and results (spawn; objects made before the clock starts). The server's start-up probe runs it
(CPythonCostProbe); the fidelity benchmark's copy_bench.py imports fresh_program from it.

Run as: python3 -S fresh_copies.py SIZES_MIB PROGRAMS COPIES, e.g. 1,8,50,100 3 4. For each way (send, then recv)
it prints three lines of milliseconds by size: the first copy (fresh memory), the second (a grown heap), the later
ones' fastest (a reused heap); the last two only for sizes of at most 32 MiB, beyond which every copy is fresh and a
program copies once. Each figure is the median of PROGRAMS programs: one program's copy of 100 MiB took 342 to
1,108 ms from one program to the next here.
"""
import multiprocessing as mp
import statistics
import sys
import time

HEAP_MIB = 32  # the most glibc's malloc raises its mmap threshold to
ctx = mp.get_context("spawn")


def child(conn, way, size):
    ready_made = bytes(size) if way == "recv" else None
    conn.send("ready")
    while conn.recv():
        if way == "send":
            obj = conn.recv()
            conn.send(time.monotonic_ns())
            del obj
        else:
            start = time.monotonic_ns()
            conn.send(ready_made)
            conn.send(start)


def program(way, size, copies, out):
    """A fresh program: spawns a child and copies an object of SIZE bytes to it (send) or from it (recv) COPIES
    times, each from just before the sender's conn.send until the receiver's conn.recv has returned, on the
    monotonic clock both share; sends the times in ms to OUT."""
    data = bytes(size) if way == "send" else None
    parent, end = ctx.Pipe()
    p = ctx.Process(target=child, args=(end, way, size))
    p.start()
    parent.recv()
    took = []
    for _ in range(copies):
        parent.send(True)
        if way == "send":
            start = time.monotonic_ns()
            parent.send(data)
            took.append((parent.recv() - start) / 1e6)
        else:
            obj = parent.recv()
            end_ns = time.monotonic_ns()
            took.append((end_ns - parent.recv()) / 1e6)
            del obj
    parent.send(False)
    p.join()
    out.send(took)


def fresh_program(way, size, copies):
    """Runs program() in a process of its own; answers its copies' times in ms."""
    mine, theirs = ctx.Pipe()
    p = ctx.Process(target=program, args=(way, size, copies, theirs))
    p.start()
    took = mine.recv()
    p.join()
    return took


def main(sizes, programs, copies):
    lines = []
    for way in ("send", "recv"):
        fresh, grown, reused = [], [], []
        for mib in sizes:
            if mib > HEAP_MIB:
                runs = [fresh_program(way, mib << 20, 1) for _ in range(programs)]
                fresh.append(statistics.median(r[0] for r in runs))
                continue
            runs = [fresh_program(way, mib << 20, copies) for _ in range(programs)]
            fresh.append(statistics.median(r[0] for r in runs))
            grown.append(statistics.median(r[1] for r in runs))
            reused.append(statistics.median(min(r[2:]) for r in runs))
        lines += [fresh, grown, reused]
    print(sys.version.split()[0])
    for line in lines:
        print(*line)


if __name__ == "__main__":
    main([int(mib) for mib in sys.argv[1].split(",")], int(sys.argv[2]), int(sys.argv[3]))
