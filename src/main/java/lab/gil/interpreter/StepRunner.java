package lab.gil.interpreter;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import lab.gil.program.Step;
import lab.gil.program.TaskProgram;

/**
 * Runs the steps of task programs as CPython runs the Python constructs they stand for, with real, calibrated CPU
 * work and real waits: the one step runner of a Python thread under a GIL and of the greenlets of a hub. What differs
 * between those two, where a worker may be switched out and how it waits, is its {@link Scheduling}.
 *
 * <p>Invariant: a switch request is looked at only at CPython's check points: every loop back-edge
 * ({@code JUMP_BACKWARD}) and function entry. A {@code builtin} or {@code native} step has none, so no switch
 * request interrupts it. Cancellation is looked at every {@link #POLL_ITERATIONS} iterations and in every wait, so
 * a task stops within a few milliseconds. Used by one worker at a time: the thread the runner belongs to, or the
 * greenlet that holds the hub.
 */
public final class StepRunner {

    /**
     * Iterations between looks at cancellation and progress updates: about 0.1 ms of CPython work at the 20 to 25 ns
     * an iteration of the countdown costs on this project's machines (0.2 ms at the 50 ns assumed without
     * python3). A power of two, so that the look is a mask.
     */
    static final long POLL_ITERATIONS = 4096;
    private static final long POLL_MASK = POLL_ITERATIONS - 1;
    /** Kernel work done between looks at cancellation in {@code native} and {@code builtin} steps. */
    private static final long BURN_SLICE_NANOS = TimeUnit.MICROSECONDS.toNanos(500);

    /**
     * What differs between the workers that run task programs: where one may be switched out, how it waits, and
     * the objects of its interpreter it works on. Called only by the worker running the steps.
     */
    public interface Scheduling {

        /**
         * Whether another worker asked this one to let it run at its next check point (a thread's drop request). A
         * greenlet is never asked: nothing preempts it. Read at every back-edge, so it must be a plain load.
         */
        boolean switchRequested();

        /**
         * At a check point with a switch requested: lets the other worker run, and carries on once it is this
         * worker's turn again. False if the run was cancelled meanwhile.
         */
        boolean switchAtCheckPoint() throws InterruptedException;

        /** Whether the run was cancelled; must answer quickly. Throws if the worker was interrupted. */
        boolean cancelled() throws InterruptedException;

        /** Blocking I/O that really waits {@code duration}, letting others run meanwhile; false if cancelled. */
        boolean io(Duration duration) throws InterruptedException;

        /**
         * C code begins, in {@code state}: {@link WorkerState#NATIVE} releases the GIL without waiting, as NumPy or
         * hashlib do; {@link WorkerState#BUILTIN} keeps it, as {@code sorted} does.
         */
        void enterC(WorkerState state);

        /** The C code of {@link #enterC} returned: the worker runs Python again. False if cancelled meanwhile. */
        boolean leaveC(WorkerState state) throws InterruptedException;

        /** The {@code counter} object of the worker's interpreter. */
        CounterCell counter();

        /** The worker's interpreter calls {@code countdown}: true if that call runs warm ({@link CodeWarmth}). */
        boolean countdownCall();

        /** The counter {@code incr-shared} updates: in shared memory for a worker process, else {@link #counter}. */
        CounterCell sharedMemoryCounter();

        /**
         * {@code lock.acquire()} on the {@code threading.Lock} of the worker's interpreter: at once if it is free,
         * else waiting for it, blocked, letting others run; false if cancelled meanwhile (then it is not held).
         */
        boolean acquireLock() throws InterruptedException;

        /** {@code lock.release()}; call only while holding the lock. */
        void releaseLock();

        /** {@code q.put(item)} on the run's unbounded queue: never waits. */
        void put() throws InterruptedException;

        /** {@code q.get()}: an item at once if there is one, else waits, letting others run; false if cancelled. */
        boolean take() throws InterruptedException;

        /** What a {@code crash} step does to this kind of worker. */
        RuntimeException crash();
    }

    private final Scheduling scheduling;
    /** Kernel rounds per {@code cpu} iteration and per nanosecond of C work. */
    private final Calibration calibration;

    /** {@code cpu} iterations finished, updated every {@link #POLL_ITERATIONS}; written by the running worker only. */
    private volatile long cpuIterationsDone;
    /** The kernel's last state, kept so that the JIT cannot drop the work; written by the running worker only. */
    private volatile long sink = BurnKernel.SEED;

    public StepRunner(Scheduling scheduling, Calibration calibration) {
        this.scheduling = scheduling;
        this.calibration = calibration;
    }

    /** Runs every step in order, the worker running Python; false if cancelled (or stopped in a wait). */
    public boolean run(TaskProgram program) throws InterruptedException {
        for (Step step : program.steps()) {
            boolean finished = switch (step) {
                case Step.Cpu cpu -> cpu(cpu.iterations(), scheduling.countdownCall()
                        ? calibration.warmRoundsPerIteration() : calibration.roundsPerIteration());
                case Step.Io io -> scheduling.io(io.duration());
                case Step.Native c -> cCall(WorkerState.NATIVE, c.cpu());
                case Step.Builtin c -> cCall(WorkerState.BUILTIN, c.cpu());
                case Step.Increment incr -> increment(scheduling.counter(), incr.times(), incr.callBetween());
                case Step.SharedIncrement incr -> increment(scheduling.sharedMemoryCounter(), incr.times(), false);
                case Step.LockedIncrement incr -> lockedIncrement(incr.times());
                // Threads and greenlets share memory: an argument, a result or a shared buffer is a reference,
                // nothing is copied. A worker process does its copying around its runner, before and after the task.
                case Step.Send ignored -> true;
                case Step.Recv ignored -> true;
                case Step.Share ignored -> true;
                case Step.Crash ignored -> throw scheduling.crash();
                case Step.Put put -> produce(put.items(), put.workPerItem());
                case Step.Get get -> consume(get.items(), get.workPerItem());
            };
            if (!finished) {
                return false;
            }
        }
        return true;
    }

    /** {@code cpu} iterations finished so far over all tasks, updated every few thousand iterations. */
    public long cpuIterationsDone() {
        return cpuIterationsDone;
    }

    /** The kernel's state, from which a test tells how many rounds were burnt (by burning as many from the seed). */
    long kernelState() {
        return sink;
    }

    /**
     * {@code while n > 0: n -= 1}: one iteration of calibrated work, then the back-edge check. An iteration burns the
     * whole rounds of the calibration; the fraction of a round left over is burnt for all the iterations between two
     * looks at cancellation at once (a round is about a tenth of an iteration, so whole rounds alone would land up to
     * 5% off CPython's cost).
     */
    private boolean cpu(long iterations, double roundsPerIteration) throws InterruptedException {
        final long rounds = (long) roundsPerIteration;
        final double fraction = roundsPerIteration - rounds;
        final long fractionPerPoll = Math.round(fraction * POLL_ITERATIONS);
        final long base = cpuIterationsDone;
        long x = sink;
        try {
            for (long i = 1; i <= iterations; i++) {
                x = BurnKernel.burn(x, rounds);
                if (scheduling.switchRequested() && !scheduling.switchAtCheckPoint()) { // JUMP_BACKWARD
                    cpuIterationsDone = base + i;
                    return false;
                }
                if ((i & POLL_MASK) == 0) {
                    x = BurnKernel.burn(x, fractionPerPoll);
                    cpuIterationsDone = base + i;
                    if (scheduling.cancelled()) {
                        return false;
                    }
                }
            }
            x = BurnKernel.burn(x, Math.round(fraction * (iterations & POLL_MASK)));
            cpuIterationsDone = base + iterations;
            return true;
        } finally {
            sink = x;
        }
    }

    /**
     * {@code counter += 1} in a loop: LOAD, add, STORE as separate operations, then the back-edge check. With
     * {@code callBetween} a function is called between LOAD and STORE, and its entry is a check point too, so a
     * thread's switch can fall between the read and the write (a greenlet's never does: neither is a wait).
     */
    private boolean increment(CounterCell counter, long times, boolean callBetween) throws InterruptedException {
        final long rounds = StepCosts.rounds(calibration, StepCosts.INCREMENT);
        final long call = StepCosts.rounds(calibration, StepCosts.CALL);
        long x = sink;
        try {
            // CPython spends a good part of an iteration between LOAD_GLOBAL and STORE_GLOBAL (BINARY_OP makes a
            // new int): that window is where threads without a GIL lose each other's updates, so half of the
            // iteration's work goes between the read and the write. Under the GIL no check point falls there.
            final long betweenReadAndWrite = rounds / 2;
            final long rest = Math.max(1, rounds - betweenReadAndWrite);
            for (long i = 1; i <= times; i++) {
                x = BurnKernel.burn(x, rest); // the loop's own bytecodes
                long value = counter.load();
                x = BurnKernel.burn(x, betweenReadAndWrite); // BINARY_OP
                if (callBetween) {
                    if (scheduling.switchRequested() && !scheduling.switchAtCheckPoint()) { // function entry
                        return false;
                    }
                    x = BurnKernel.burn(x, call); // the call and the function's body
                }
                counter.store(value + 1);
                if (!backEdge(i)) {
                    return false;
                }
            }
            return true;
        } finally {
            sink = x;
        }
    }

    /**
     * {@code with lock: counter += 1} in a loop. {@code BEFORE_WITH} calls {@code lock.__enter__}, which takes the
     * lock, or waits for it (see {@link Scheduling#acquireLock}); then the read-modify-write of {@code incr}, the call
     * of {@code lock.__exit__}, which releases the lock, and the back-edge. No check point falls while the lock is
     * held (CPython looks for a switch after the call of {@code __exit__} has returned, and {@code BEFORE_WITH}
     * looks for none), so under a GIL no thread ever waits for the lock: the lock costs time, and without a GIL the
     * threads also wait for each other.
     */
    private boolean lockedIncrement(long times) throws InterruptedException {
        final long rounds = StepCosts.rounds(calibration, StepCosts.INCREMENT);
        // Half of the lock's cost before it is taken (looking up and calling __enter__), half while it is held (the
        // call of __exit__ up to the release inside it).
        final long lockHalf = StepCosts.rounds(calibration, StepCosts.LOCK / 2);
        final long betweenReadAndWrite = rounds / 2;
        final long rest = Math.max(1, rounds - betweenReadAndWrite);
        final CounterCell counter = scheduling.counter();
        long x = sink;
        try {
            for (long i = 1; i <= times; i++) {
                x = BurnKernel.burn(x, rest + lockHalf);
                if (!scheduling.acquireLock()) {
                    return false;
                }
                long value = counter.load();
                x = BurnKernel.burn(x, betweenReadAndWrite);
                counter.store(value + 1);
                x = BurnKernel.burn(x, lockHalf);
                scheduling.releaseLock();
                if (!backEdge(i)) { // after the call of __exit__, then JUMP_BACKWARD
                    return false;
                }
            }
            return true;
        } finally {
            sink = x;
        }
    }

    /**
     * The end of iteration {@code i} of a counter loop: the back-edge's check point ({@code JUMP_BACKWARD}), and
     * every {@link #POLL_ITERATIONS} iterations a look at cancellation. False if the loop must stop.
     */
    private boolean backEdge(long i) throws InterruptedException {
        if (scheduling.switchRequested() && !scheduling.switchAtCheckPoint()) {
            return false;
        }
        return (i & POLL_MASK) != 0 || !scheduling.cancelled();
    }

    /** {@code for _ in range(items): q.put(make_item())}: Python work for each item, then a put that never waits. */
    private boolean produce(long items, Duration workPerItem) throws InterruptedException {
        long iterations = iterationsFor(workPerItem);
        for (long i = 0; i < items; i++) {
            if (iterations > 0 && !cpu(iterations, calibration.roundsPerIteration())) {
                return false;
            }
            scheduling.put();
            if (scheduling.cancelled()) {
                return false;
            }
        }
        return true;
    }

    /** {@code for _ in range(items): handle(q.get())}: an item (waiting for one, if need be), then Python work. */
    private boolean consume(long items, Duration workPerItem) throws InterruptedException {
        long iterations = iterationsFor(workPerItem);
        for (long i = 0; i < items; i++) {
            if (!scheduling.take()) {
                return false;
            }
            if (iterations > 0 && !cpu(iterations, calibration.roundsPerIteration())) {
                return false;
            }
            if (scheduling.cancelled()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Countdown iterations that cost {@code work} in CPython: a time of Python work, which the generated program's
     * {@code busy} measures on a warm function, so the cold iteration's rounds burn it for its length.
     */
    private long iterationsFor(Duration work) {
        return Math.round(work.toNanos() / calibration.nsPerIteration());
    }

    /** C code: a fixed amount of real work in slices, looking only at cancellation (never at switch requests). */
    private boolean cCall(WorkerState state, Duration cpu) throws InterruptedException {
        scheduling.enterC(state);
        long slice = Math.max(1, calibration.roundsFor(BURN_SLICE_NANOS));
        long x = sink;
        try {
            for (long left = calibration.roundsFor(cpu); left > 0; left -= slice) {
                x = BurnKernel.burn(x, Math.min(left, slice));
                if (scheduling.cancelled()) {
                    return false;
                }
            }
        } finally {
            sink = x;
        }
        return scheduling.leaveC(state);
    }
}
