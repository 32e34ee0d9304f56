# How much work takes how long on this machine, for the steps given as times; one section per figure. "# === NAME"
# opens a section; ProgramWriter puts "calibration" first and then the body lines of the figures a scenario needs.
# === calibration
# Calls of busy() before it is timed: CPython 3.11 specializes a function after about eight.
WARM_UP_CALLS = 32


def fastest(work, times=7):
    """The shortest of a few timings of work(), in this thread's CPU time, on each of the first cores this process
    may use: other programs on the machine only ever slow it down, and by the clock a busy machine made each timing
    longer, each step's work smaller (a "25 ms" item did 16 ms of work while a build ran beside it). On each core,
    because a virtual machine's cores need not run CPython alike: on GIL Lab's 2-core VM one of them ran it 1.7
    times slower for minutes, and timed there, 48 items of "25 ms" that then ran on the other used 0.95 s of CPU
    instead of 1.2. The fastest core's timing is the machine's, as the server's own probe takes it."""
    allowed = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else set()
    timings = []
    try:
        for core in sorted(allowed)[:4] or [None]:
            if core is not None:
                os.sched_setaffinity(0, {core})
            for _ in range(times):
                started = time.thread_time()
                work()
                timings.append(time.thread_time() - started)
    finally:
        if allowed:
            os.sched_setaffinity(0, allowed)  # the threads the program starts inherit this thread's cores
    return min(timings)


def calibrate():
    """Measures, before the clock starts, how fast this machine's CPython does the work of the steps given as times
    (native, builtin, the work per item of put and get), so that each does as much work as takes that time here."""
# === native
    calibration["native_seconds_per_byte"] = fastest(lambda: hashlib.sha256(NATIVE_DATA)) / len(NATIVE_DATA)
# === builtin
    calibration["builtin_seconds_per_item"] = fastest(lambda: sum(itertools.repeat(1, 1_000_000))) / 1_000_000
# === busy
    for _ in range(WARM_UP_CALLS):
        busy(1_000)  # specialized, as the items will run it
    calibration["iterations_per_second"] = 200_000 / fastest(lambda: busy(200_000))
