package lab.gil.program;

import java.time.Duration;

/**
 * One step of a task program: a stand-in for one Python construct, with how much of it to do.
 *
 * <p>Amounts are either loop iterations (the Python code loops, so the interpreter checks its drop request at
 * every back-edge) or a duration (a single call whose cost is time on the clock or on a core).
 */
public sealed interface Step {

    /** This step with its amount divided by {@code parts}, never below one unit. */
    Step share(int parts);

    /** The step as written in a program, e.g. {@code cpu 1000000} or {@code io 50ms}. */
    String text();

    /** Pure-Python loop work that needs the GIL: {@code while n > 0: n -= 1}, one back-edge per iteration. */
    record Cpu(long iterations) implements Step {
        public Step share(int parts) { return new Cpu(Math.max(1, iterations / parts)); }
        public String text() { return "cpu " + iterations; }
    }

    /** Blocking I/O that releases the GIL while it really waits, like {@code time.sleep} or a socket read. */
    record Io(Duration duration) implements Step {
        public Step share(int parts) { return new Io(Durations.atLeastOneMicro(duration.dividedBy(parts))); }
        public String text() { return "io " + Durations.format(duration); }
    }

    /** C code that releases the GIL while it burns real CPU, like hashlib or NumPy on a large buffer. */
    record Native(Duration cpu) implements Step {
        public Step share(int parts) { return new Native(Durations.atLeastOneMicro(cpu.dividedBy(parts))); }
        public String text() { return "native " + Durations.format(cpu); }
    }

    /** One long C call that keeps the GIL and has no back-edge, like {@code sorted()} on a big list. */
    record Builtin(Duration cpu) implements Step {
        public Step share(int parts) { return new Builtin(Durations.atLeastOneMicro(cpu.dividedBy(parts))); }
        public String text() { return "builtin " + Durations.format(cpu); }
    }

    /**
     * {@code counter += 1} on a counter shared by the interpreter's threads, repeated in a loop. The read, the add
     * and the write are separate bytecodes; with {@code callBetween} a function call (itself a check point) sits
     * between the read and the write, as in {@code n = counter; log(); counter = n + 1}.
     */
    record Increment(long times, boolean callBetween) implements Step {
        public Step share(int parts) { return new Increment(Math.max(1, times / parts), callBetween); }
        public String text() { return (callBetween ? "incr-call " : "incr ") + times; }
    }

    /**
     * {@code with lock: counter += 1} in a loop: the read-modify-write of {@code incr} under a {@code threading.Lock}
     * that every thread of the interpreter shares (one lock per process for processes, one per hub for greenlets).
     * A thread that finds the lock held waits for it, blocked, with the GIL released, as CPython's {@code acquire}
     * does; so no update is ever lost, with the GIL or without one, and taking and releasing the lock costs time.
     */
    record LockedIncrement(long times) implements Step {
        public Step share(int parts) { return new LockedIncrement(Math.max(1, times / parts)); }
        public String text() { return "incr-lock " + times; }
    }

    /**
     * {@code counter.value += 1} on a counter in shared memory, a {@code multiprocessing.Value} used without its
     * lock: worker processes of one run all update the same memory, each under its own GIL, so nothing orders one
     * process's read and another's write. Threads have one memory anyway: for them it is {@code incr}.
     */
    record SharedIncrement(long times) implements Step {
        public Step share(int parts) { return new SharedIncrement(Math.max(1, times / parts)); }
        public String text() { return "incr-shared " + times; }
    }

    /**
     * An argument of {@code bytes} passed to the task, as {@code executor.submit(f, data)} passes {@code data}. A
     * worker process receives a serialized copy (pickling), counted and timed; a thread receives a reference to
     * the same object, so nothing is copied. Arguments cross before the task's other steps run.
     */
    record Send(long bytes) implements Step {
        public Step share(int parts) { return new Send(Math.max(1, bytes / parts)); }
        public String text() { return "send " + Sizes.format(bytes); }
    }

    /**
     * A result of {@code bytes} returned by the task. From a worker process it comes back serialized, counted and
     * timed; from a thread it is a reference. Results cross after the task's other steps have run.
     */
    record Recv(long bytes) implements Step {
        public Step share(int parts) { return new Recv(Math.max(1, bytes / parts)); }
        public String text() { return "recv " + Sizes.format(bytes); }
    }

    /**
     * {@code bytes} of data the task reads from a shared buffer (a {@code multiprocessing.shared_memory} block): a
     * worker process maps the same pages the parent wrote, so nothing is copied, whatever the size. The amount is
     * not divided among tasks: every task sees the whole buffer.
     */
    record Share(long bytes) implements Step {
        public Step share(int parts) { return this; }
        public String text() { return "share " + Sizes.format(bytes); }
    }

    /**
     * The process dies here, as when a C extension crashes or the OOM killer strikes ({@code os._exit(1)} in the
     * lesson's Python). A worker process dies alone; a thread cannot: in Python the whole program would end, so a
     * thread run fails with a message saying so.
     */
    record Crash() implements Step {
        public Step share(int parts) { return this; }
        public String text() { return "crash"; }
    }

    /**
     * A producer: makes {@code items} items, each after {@code workPerItem} of pure-Python work (needing the GIL),
     * and puts each on the run's queue, as {@code q.put(make_item())} in a loop. The queue is unbounded, like
     * {@code queue.Queue()} and {@code multiprocessing.Queue()}, so a put never waits.
     */
    record Put(long items, Duration workPerItem) implements Step {
        public Step share(int parts) { return new Put(Math.max(1, items / parts), workPerItem); }
        public String text() { return "put " + items + (workPerItem.isZero() ? "" : " " + Durations.format(workPerItem)); }
    }

    /**
     * A consumer: takes {@code items} items from the run's queue, each followed by {@code workPerItem} of
     * pure-Python work, as {@code handle(q.get())} in a loop. While the queue is empty it waits with the GIL
     * released, as {@code q.get()} does.
     */
    record Get(long items, Duration workPerItem) implements Step {
        public Step share(int parts) { return new Get(Math.max(1, items / parts), workPerItem); }
        public String text() { return "get " + items + (workPerItem.isZero() ? "" : " " + Durations.format(workPerItem)); }
    }
}
