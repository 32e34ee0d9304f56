# The step functions a generated program may use, one section per function. A line "# === NAME" opens a section;
# "NAME@FLAVOUR" is that function for one way of running tasks (gevent, asyncio, ...), used instead of NAME there.
# ProgramWriter copies only the sections a scenario's programs use; everything above the first section is left out.
# === countdown
def countdown(n):
    """cpu N: N iterations of pure-Python loop work. It needs the GIL; every iteration's jump back is a check point,
    where a thread that has held the GIL for a whole switch interval hands it over if another thread asked for it."""
    while n > 0:
        n -= 1
# === io
def io(task, seconds):
    """io D: blocking I/O. time.sleep() releases the GIL while it waits; when the wait is over, the thread must
    take the GIL back before it runs again: how long that took after the wait was due is noted (back from I/O)."""
    due = time.perf_counter() + seconds
    time.sleep(seconds)
    task["back_from_io"].append(time.perf_counter() - due)
# === io@gevent
def io(task, seconds):
    """io D: a wait. gevent.sleep() hands the thread to the hub, which runs the other greenlets meanwhile; when the
    wait is over, this greenlet runs only once the running one waits too: that delay is noted (back from I/O)."""
    due = time.perf_counter() + seconds
    gevent.sleep(seconds)
    task["back_from_io"].append(time.perf_counter() - due)
# === io@asyncio
async def io(task, seconds):
    """io D: a wait. `await asyncio.sleep()` hands the thread to the event loop, which runs the other tasks
    meanwhile; when the wait is over, this task runs only once the running one awaits too: that delay is noted."""
    due = time.perf_counter() + seconds
    await asyncio.sleep(seconds)
    task["back_from_io"].append(time.perf_counter() - due)
# === native
NATIVE_DATA = bytes(range(256)) * 4096  # 1 MiB to hash, made once in every process


def native(seconds):
    """native D: C code that releases the GIL while it burns CPU, as NumPy or hashlib do on a large buffer: SHA-256
    over as many bytes as take D seconds on this machine (measured before the clock starts), in 1 MiB calls. hashlib
    releases the GIL for every call of more than 2 KiB, so other threads run Python meanwhile."""
    left = round(seconds / calibration["native_seconds_per_byte"])
    for _ in range(left // len(NATIVE_DATA)):
        hashlib.sha256(NATIVE_DATA)
    hashlib.sha256(memoryview(NATIVE_DATA)[:left % len(NATIVE_DATA)])
# === builtin
def builtin(seconds):
    """builtin D: one long C call that keeps the GIL, like sorted() on a big list: sum() over an iterator of as many
    ones as take D seconds here. It runs in C from start to end and never reaches a check point, so no other thread
    runs Python until it returns, whatever the switch interval."""
    sum(itertools.repeat(1, round(seconds / calibration["builtin_seconds_per_item"])))
# === incr
def incr(times):
    """incr N: `counter += 1` on one global counter, in a loop. The read and the write are separate bytecodes, but
    under the GIL a thread is only switched at the loop's jump back, never between them."""
    global counter
    for _ in range(times):
        counter += 1
# === incr_call
def pause():
    """Does nothing, but calling it is a check point: the GIL may pass to another thread on the way in."""


def incr_call(times):
    """incr-call N: the same read-modify-write with a function call between the read and the write. A switch at
    the call lets another thread update the counter meanwhile, and then this thread writes back an old value."""
    global counter
    for _ in range(times):
        n = counter
        pause()
        counter = n + 1
# === incr_lock
lock = threading.Lock()  # the run's lock: one per process (each worker process has its own), as GIL Lab's


def incr_lock(times):
    """incr-lock N: `with lock: counter += 1` in a loop. Holding the lock makes the read and the write one step that
    no other thread comes between, GIL or no GIL; a thread that finds it held waits, with the GIL released."""
    global counter
    for _ in range(times):
        with lock:
            counter += 1
# === incr_lock@gevent
lock = gevent.lock.BoundedSemaphore() if gevent else None  # the run's lock, one for the hub's greenlets


def incr_lock(times):
    """incr-lock N: `with lock: counter += 1` in a loop. A greenlet never switches inside it (no wait there), so the
    lock is never found held; it costs what taking and releasing it costs."""
    global counter
    for _ in range(times):
        with lock:
            counter += 1
# === incr_lock@asyncio
lock = asyncio.Lock()  # the run's lock, one for the event loop's coroutines


async def incr_lock(times):
    """incr-lock N: `async with lock: counter += 1` in a loop. A coroutine never switches inside it (nothing is
    awaited there), so the lock is never found held; it costs what taking and releasing it costs."""
    global counter
    for _ in range(times):
        async with lock:
            counter += 1
# === incr_shared
def incr_shared(times):
    """incr-shared N: `counter.value += 1` on a multiprocessing.Value in shared memory, without its lock. Every
    worker process updates the same 8 bytes under its own GIL, so nothing stops two of them interleaving."""
    for _ in range(times):
        shared_counter.value += 1
# === share
def share(size):
    """share N: read data from a shared_memory block the main process filled: this process maps the same pages,
    so nothing is copied, whatever the size."""
    block = shared_memory.SharedMemory(name=shared_blocks[size])
    block.buf[size - 1]
    block.close()
# === busy
def busy(n):
    """The Python work of the steps given as times (put's and get's W): the countdown's loop in a function of its
    own, which the calibration warms up before timing it. CPython 3.11 specializes a function's bytecode once it has
    been called a few times, and the items call it dozens of times; timed cold, W seconds of it took 0.7 W here
    (15.3 against 21.7 ns an iteration). `countdown`, which a `cpu` step calls once per task, stays cold, as the
    lessons' own countdown does."""
    while n > 0:
        n -= 1
# === put
def put(count, work):
    """put N W: a producer. Each item costs W seconds of pure-Python work, then goes on the run's queue, which
    never makes a put wait (it has no size limit)."""
    for item in range(count):
        busy(round(work * calibration["iterations_per_second"]))
        items.put(item)
# === put@asyncio
def put(count, work):
    """put N W: a producer. Each item costs W seconds of pure-Python work, then goes on the run's queue, which
    never makes a put wait (it has no size limit)."""
    for item in range(count):
        busy(round(work * calibration["iterations_per_second"]))
        items.put_nowait(item)
# === get
def get(count, work):
    """get N W: a consumer. It takes N items from the run's queue, waiting (with the GIL released) while the queue
    is empty, and spends W seconds of pure-Python work on each."""
    for _ in range(count):
        items.get()
        busy(round(work * calibration["iterations_per_second"]))
# === get@asyncio
async def get(count, work):
    """get N W: a consumer. It takes N items from the run's queue, waiting (the event loop runs others) while the
    queue is empty, and spends W seconds of pure-Python work on each."""
    for _ in range(count):
        await items.get()
        busy(round(work * calibration["iterations_per_second"]))
# === crash
def crash():
    """crash: the process dies here, as when a C extension crashes or the OOM killer strikes: os._exit() ends it at
    once, with no exception and no clean-up, and every thread in it ends too."""
    sys.stdout.flush()
    os._exit(1)
