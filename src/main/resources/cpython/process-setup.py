# What the main process sets up for worker processes before the clock starts; one section per need. "# === NAME"
# opens a section: ProgramWriter puts "head", then the lines of the needs a scenario has, then "tail".
# === head
payloads = {}  # size -> data of that size for tasks' send steps, made before the clock starts


def arguments(number):
    """The data task `number` is sent (its send steps): each arrives in the worker as a pickled copy."""
    return [payloads[size] for size in SENDS[number % len(PROGRAMS)]]


def make_setup(context):
    """What every worker gets at its start, made before the clock starts. Returns it, and the shared_memory blocks
    that the main process removes after the run."""
    setup = {"calibration": dict(calibration), "started_by": context.Array("i", TASKS, lock=False)}
    blocks = []
    for size in {size for sizes in SENDS for size in sizes}:
        payloads[size] = b"x" * size
# === shared_counter
    setup["shared_counter"] = context.Value("q", 0, lock=False)  # 8 bytes of shared memory, used without a lock
# === items
    setup["items"] = context.Queue()  # the run's queue: its own pipe and a feeder thread in each process
# === blocks
    setup["shared_blocks"] = {}
    for size in SHARE_SIZES:
        block = shared_memory.SharedMemory(create=True, size=size)
        block.buf[:size] = b"x" * size
        blocks.append(block)
        setup["shared_blocks"][size] = block.name
# === tail
    return setup, blocks


def counter_of_run(setup):
    """The counter the run reports: the one in shared memory if the programs update it, else the main process's
    own, which the workers' incr steps never touch (each updates its own process's counter)."""
    return setup["shared_counter"].value if "shared_counter" in setup else counter
