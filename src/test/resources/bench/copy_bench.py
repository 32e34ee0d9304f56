"""CPython's side of GIL Lab's copying benchmark, driven one measurement at a time so that the Java side can
interleave them with its own: a child process (spawn) at the end of a Pipe, and a Pool(1).

Run as: python3 -S copy_bench.py, then write commands to its stdin, one a line; each answer is one line, in ms.
  pipe-send SIZE   the parent sends an object of SIZE bytes to the child: from just before conn.send (pickle.dumps,
                   then the pipe) until the child's conn.recv (the pipe, then pickle.loads) has returned; both
                   instants on the machine's monotonic clock, which every process shares
  pipe-recv SIZE   the same from the child to the parent
  fresh-send SIZE  pipe-send's copy, once, in a fresh program (fresh_copies.py's: a spawned process that spawns
                   its own child and makes its object before the clock starts; the server's probe runs the same): what a one-task run of a lesson's CPython program
                   copies, with fresh memory (a long-lived pair's heaps hold memory from earlier copies, and its
                   copies of 1-10 MB cost a tenth to all of a fresh one's depending on them)
  fresh-recv SIZE  the same from the child to the parent
  pipe-share SIZE  the child attaches a shared_memory block of SIZE bytes and reads its first and last byte: from
                   just before the parent sends the block's name until the child has read them
  pool-send SIZE   pool.apply(len, (data,)) minus pool.apply(len, (b"",)): the round trip the copying-vs-sharing
                   lesson's Python times
  quit
The objects are made before the clock starts (bytes(SIZE)), as the Java side makes its own.
"""
import multiprocessing as mp
import sys
import time
from multiprocessing import shared_memory


def child(conn):
    while True:
        command = conn.recv()
        if command is None:
            return
        kind, arg = command
        if kind == "send":
            conn.send("ready")
            obj = conn.recv()
            conn.send(time.monotonic_ns())
            del obj
        elif kind == "recv":
            obj = bytes(arg)
            start = time.monotonic_ns()
            conn.send(obj)
            conn.send(start)
            del obj
        elif kind == "share":
            conn.send("ready")
            name = conn.recv()
            block = shared_memory.SharedMemory(name=name)
            first, last = block.buf[0], block.buf[block.size - 1]
            end = time.monotonic_ns()
            block.close()  # the parent unlinks it; a spawned child shares its parent's resource tracker
            conn.send((end, first + last))


def fresh_copy(way, size):
    # GIL Lab's own probe of the same thing (src/main/resources/cpython), written beside this file by the benchmark.
    from fresh_copies import fresh_program
    return fresh_program(way, size, 1)[0]


def pipe_send(conn, data):
    conn.send(("send", len(data)))
    conn.recv()
    start = time.monotonic_ns()
    conn.send(data)
    end = conn.recv()
    return (end - start) / 1e6


def pipe_recv(conn, size):
    conn.send(("recv", size))
    obj = conn.recv()
    end = time.monotonic_ns()
    start = conn.recv()
    del obj
    return (end - start) / 1e6


def pipe_share(conn, size):
    block = shared_memory.SharedMemory(create=True, size=size)
    try:
        block.buf[0] = 1
        block.buf[size - 1] = 2
        conn.send(("share", None))
        conn.recv()
        start = time.monotonic_ns()
        conn.send(block.name)
        end, _ = conn.recv()
        return (end - start) / 1e6
    finally:
        block.close()
        block.unlink()


def pool_send(pool, data):
    start = time.perf_counter()
    pool.apply(len, (b"",))
    empty = time.perf_counter() - start
    start = time.perf_counter()
    pool.apply(len, (data,))
    return (time.perf_counter() - start - empty) * 1e3


def main():
    ctx = mp.get_context("spawn")
    parent, child_end = ctx.Pipe()
    process = ctx.Process(target=child, args=(child_end,))
    process.start()
    objects = {}
    with ctx.Pool(1) as pool:
        pool.apply(len, (b"",))
        print("python", sys.version.split()[0], flush=True)
        for line in sys.stdin:
            words = line.split()
            if not words or words[0] == "quit":
                break
            size = int(words[1])
            if words[0] in ("pipe-send", "pool-send") and size not in objects:
                objects.clear()
                objects[size] = bytes(size)
            if words[0] == "pipe-send":
                ms = pipe_send(parent, objects[size])
            elif words[0] == "pipe-recv":
                ms = pipe_recv(parent, size)
            elif words[0] == "pipe-share":
                ms = pipe_share(parent, size)
            elif words[0] in ("fresh-send", "fresh-recv"):
                ms = fresh_copy(words[0].split("-")[1], size)
            elif words[0] == "pool-send":
                ms = pool_send(pool, objects[size])
            else:
                raise SystemExit("unknown command " + words[0])
            print(f"{ms:.4f}", flush=True)
    parent.send(None)
    process.join()


if __name__ == "__main__":
    main()
