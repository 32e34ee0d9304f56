package lab.gil.interpreter;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import lab.gil.program.Step;
import lab.gil.program.TaskProgram;

/**
 * The eval loop of one {@link PyThread}: runs the steps of task programs as CPython would run the Python constructs
 * they stand for, with real, calibrated CPU work and real waits.
 *
 * <p>Invariant: the drop request is looked at only at CPython's check points: every loop back-edge
 * ({@code JUMP_BACKWARD}) and function entry. A {@code builtin} step has none, so no drop request interrupts it.
 * Cancellation is looked at every few thousand iterations and in every wait, so a task stops within a few
 * milliseconds. Used only by the thread the PyThread is attached to.
 */
final class EvalLoop {

    /** Iterations between looks at cancellation and progress updates: about 0.25 ms of CPython work. */
    private static final long POLL_MASK = 4095;
    /** Longest single park of an {@code io} step, so that cancellation is seen within it. */
    private static final long IO_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    /** Kernel work done between looks at cancellation in {@code native} and {@code builtin} steps. */
    private static final long BURN_SLICE_NANOS = TimeUnit.MICROSECONDS.toNanos(500);

    private final PyThread thread;
    /** The {@code counter} object of this thread's interpreter. */
    private final CounterCell counter;
    /** The counter {@code incr-shared} updates: in shared memory for a worker process, else {@link #counter}. */
    private final CounterCell sharedMemoryCounter;
    /** The {@code lock} object of this thread's interpreter, for {@code incr-lock} steps. */
    private final PyLock lock;
    /** The run's queue, for {@code put} and {@code get} steps. */
    private final ItemQueue queue;
    /** Kernel rounds per {@code cpu} iteration and per nanosecond of C work. */
    private final Calibration calibration;

    /** {@code cpu} iterations finished, updated every few thousand; written by the attached thread only. */
    private volatile long cpuIterationsDone;
    /** The kernel's last state, kept so that the JIT cannot drop the work; written by the attached thread only. */
    private volatile long sink = BurnKernel.SEED;

    EvalLoop(PyThread thread, CounterCell counter, CounterCell sharedMemoryCounter, PyLock lock, ItemQueue queue,
             Calibration calibration) {
        this.thread = thread;
        this.counter = counter;
        this.sharedMemoryCounter = sharedMemoryCounter;
        this.lock = lock;
        this.queue = queue;
        this.calibration = calibration;
    }

    /** Runs every step in order; the caller holds the GIL. Returns false if cancelled (GIL may then be free). */
    boolean runSteps(TaskProgram program, BooleanSupplier cancelled) throws InterruptedException {
        for (Step step : program.steps()) {
            boolean finished = switch (step) {
                case Step.Cpu cpu -> cpu(cpu.iterations(), cancelled);
                case Step.Io io -> io(io.duration(), cancelled);
                case Step.Native c -> nativeCall(c.cpu(), cancelled);
                case Step.Builtin c -> builtinCall(c.cpu(), cancelled);
                case Step.Increment incr -> increment(counter, incr.times(), incr.callBetween(), cancelled);
                case Step.SharedIncrement incr -> increment(sharedMemoryCounter, incr.times(), false, cancelled);
                case Step.LockedIncrement incr -> lockedIncrement(incr.times(), cancelled);
                // Threads share memory: an argument, a result or a shared buffer is a reference, nothing is copied.
                // A worker process does its copying around the eval loop, before and after the task.
                case Step.Send ignored -> true;
                case Step.Recv ignored -> true;
                case Step.Share ignored -> true;
                case Step.Crash ignored -> throw new CrashRequested();
                case Step.Put put -> produce(put.items(), put.workPerItem(), cancelled);
                case Step.Get get -> consume(get.items(), get.workPerItem(), cancelled);
            };
            if (!finished) {
                return false;
            }
        }
        return true;
    }

    long cpuIterationsDone() {
        return cpuIterationsDone;
    }

    /** {@code while n > 0: n -= 1}: one iteration of calibrated work, then the back-edge check. */
    private boolean cpu(long iterations, BooleanSupplier cancelled) throws InterruptedException {
        final long rounds = calibration.roundsPerIteration();
        final long base = cpuIterationsDone;
        long x = sink;
        try {
            for (long i = 1; i <= iterations; i++) {
                x = BurnKernel.burn(x, rounds);
                if (thread.isDropRequested() && !thread.switchAtCheckPoint(cancelled)) { // JUMP_BACKWARD
                    cpuIterationsDone = base + i;
                    return false;
                }
                if ((i & POLL_MASK) == 0) {
                    cpuIterationsDone = base + i;
                    if (stopRequested(cancelled)) {
                        return false;
                    }
                }
            }
            cpuIterationsDone = base + iterations;
            return true;
        } finally {
            sink = x;
        }
    }

    /**
     * {@code counter += 1} in a loop: LOAD, add, STORE as separate operations, then the back-edge check. With
     * {@code callBetween} a function is called between LOAD and STORE, and its entry is a check point too, so a
     * switch can fall between the read and the write.
     */
    private boolean increment(CounterCell counter, long times, boolean callBetween, BooleanSupplier cancelled)
            throws InterruptedException {
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
                    if (thread.isDropRequested() && !thread.switchAtCheckPoint(cancelled)) { // function entry
                        return false;
                    }
                    x = BurnKernel.burn(x, call); // the call and the function's body
                }
                counter.store(value + 1);
                if (!backEdge(i, cancelled)) {
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
     * lock at once if it is free; if not, the thread is blocked on the lock with the GIL released, and takes the GIL
     * back once it has the lock. Then the read-modify-write of {@code incr}, the call of {@code lock.__exit__},
     * which releases the lock, and the back-edge. No check point falls while the lock is held (the call of
     * {@code __exit__} checks only after it has returned), so under the GIL a thread never waits for the lock: the
     * lock costs time, and without a GIL it also makes the threads wait for each other.
     */
    private boolean lockedIncrement(long times, BooleanSupplier cancelled) throws InterruptedException {
        final long rounds = StepCosts.rounds(calibration, StepCosts.INCREMENT);
        // Half of the lock's cost before it is taken (looking up and calling __enter__), half while it is held (the
        // call of __exit__ up to the release inside it).
        final long lockHalf = StepCosts.rounds(calibration, StepCosts.LOCK / 2);
        final long betweenReadAndWrite = rounds / 2;
        final long rest = Math.max(1, rounds - betweenReadAndWrite);
        long x = sink;
        try {
            for (long i = 1; i <= times; i++) {
                x = BurnKernel.burn(x, rest + lockHalf);
                if (!lock.tryAcquire() && !waitForLock(cancelled)) {
                    return false;
                }
                long value = counter.load();
                x = BurnKernel.burn(x, betweenReadAndWrite);
                counter.store(value + 1);
                x = BurnKernel.burn(x, lockHalf);
                lock.release();
                if (!backEdge(i, cancelled)) { // after the call of __exit__, then JUMP_BACKWARD
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
     * every few thousand iterations a look at cancellation. False if the loop must stop.
     */
    private boolean backEdge(long i, BooleanSupplier cancelled) throws InterruptedException {
        if (thread.isDropRequested() && !thread.switchAtCheckPoint(cancelled)) {
            return false;
        }
        return (i & POLL_MASK) != 0 || !stopRequested(cancelled);
    }

    /**
     * CPython's {@code acquire_timed} after its first try failed: release the GIL without waiting, block until the
     * lock is free and take it, then take the GIL back. False if cancelled meanwhile (holding neither).
     */
    private boolean waitForLock(BooleanSupplier cancelled) throws InterruptedException {
        thread.enter(WorkerState.BLOCKED);
        thread.releaseGil();
        if (!lock.acquire(cancelled)) {
            return false;
        }
        if (!thread.takeGil(cancelled)) {
            lock.release();
            return false;
        }
        return true;
    }

    /** {@code for _ in range(items): q.put(make_item())}: Python work for each item, then a put that never waits. */
    private boolean produce(long items, Duration workPerItem, BooleanSupplier cancelled) throws InterruptedException {
        long iterations = iterationsFor(workPerItem);
        for (long i = 0; i < items; i++) {
            if (iterations > 0 && !cpu(iterations, cancelled)) {
                return false;
            }
            queue.put();
            if (stopRequested(cancelled)) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code for _ in range(items): handle(q.get())}: an item taken at once if there is one; otherwise the GIL is
     * released while the thread waits, and taken again once an item has come. Then Python work for the item.
     */
    private boolean consume(long items, Duration workPerItem, BooleanSupplier cancelled) throws InterruptedException {
        long iterations = iterationsFor(workPerItem);
        for (long i = 0; i < items; i++) {
            if (!queue.tryTake()) {
                thread.enter(WorkerState.IO);
                thread.releaseGil();
                if (!queue.take(cancelled) || !thread.takeGil(cancelled)) {
                    return false;
                }
            }
            if (iterations > 0 && !cpu(iterations, cancelled)) {
                return false;
            }
            if (stopRequested(cancelled)) {
                return false;
            }
        }
        return true;
    }

    /** Countdown iterations that cost {@code work} in CPython. */
    private long iterationsFor(Duration work) {
        return Math.round(work.toNanos() / calibration.nsPerIteration());
    }

    /** Blocking I/O: drop the GIL without waiting, really wait, take the GIL back. */
    private boolean io(Duration duration, BooleanSupplier cancelled) throws InterruptedException {
        long start = thread.enter(WorkerState.IO);
        thread.releaseGil();
        long intendedWakeUp = start + duration.toNanos();
        for (long left; (left = intendedWakeUp - System.nanoTime()) > 0; ) {
            if (stopRequested(cancelled)) {
                return false;
            }
            LockSupport.parkNanos(Math.min(left, IO_POLL_NANOS));
        }
        if (!thread.takeGil(cancelled)) {
            return false;
        }
        thread.ioReturned(intendedWakeUp);
        return true;
    }

    /** C code that releases the GIL: drop without waiting, burn a fixed amount of work, take the GIL back. */
    private boolean nativeCall(Duration cpu, BooleanSupplier cancelled) throws InterruptedException {
        thread.enter(WorkerState.NATIVE);
        thread.releaseGil();
        if (!burn(calibration.roundsFor(cpu), cancelled)) {
            return false;
        }
        return thread.takeGil(cancelled);
    }

    /** One long C call that keeps the GIL: burn without any check point, so no drop request can interrupt it. */
    private boolean builtinCall(Duration cpu, BooleanSupplier cancelled) throws InterruptedException {
        thread.enter(WorkerState.BUILTIN);
        if (!burn(calibration.roundsFor(cpu), cancelled)) {
            return false;
        }
        thread.enter(WorkerState.RUNNING);
        return true;
    }

    /** Burns {@code rounds} kernel rounds in slices, looking only at cancellation (never at drop requests). */
    private boolean burn(long rounds, BooleanSupplier cancelled) throws InterruptedException {
        long slice = Math.max(1, calibration.roundsFor(BURN_SLICE_NANOS));
        long x = sink;
        try {
            for (long left = rounds; left > 0; left -= slice) {
                x = BurnKernel.burn(x, Math.min(left, slice));
                if (stopRequested(cancelled)) {
                    return false;
                }
            }
            return true;
        } finally {
            sink = x;
        }
    }

    private static boolean stopRequested(BooleanSupplier cancelled) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("emulated Python thread interrupted");
        }
        return cancelled.getAsBoolean();
    }
}
