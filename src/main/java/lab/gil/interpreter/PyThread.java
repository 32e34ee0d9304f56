package lab.gil.interpreter;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import lab.gil.program.Step;
import lab.gil.program.TaskProgram;

/**
 * One emulated Python thread, like CPython's {@code PyThreadState}: its drop request, its state, its counters, and
 * the eval loop that runs task programs on the platform thread it is attached to.
 *
 * <p>Invariant: only the attached thread runs programs, changes the state and writes the counters; other threads
 * only set {@link #dropRequested} (through the GIL) and read. The eval loop looks at its drop request only at
 * CPython's check points: every loop back-edge ({@code JUMP_BACKWARD}) and function entry; a {@code builtin} step
 * has none. Outside {@link #run} the thread never holds the GIL. A state that needs the GIL (RUNNING, BUILTIN) is
 * recorded after the GIL is taken and left before it is dropped, so recorded GIL intervals of two workers of one
 * GIL never overlap.
 */
public final class PyThread {

    /** Iterations between looks at cancellation and progress updates: about 0.25 ms of CPython work. */
    private static final long POLL_MASK = 4095;
    /** Longest single park of an {@code io} step, so that cancellation is seen within it. */
    private static final long IO_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    /** Kernel work done between looks at cancellation in {@code native} and {@code builtin} steps. */
    private static final long BURN_SLICE_NANOS = TimeUnit.MICROSECONDS.toNanos(500);

    private final int index;
    /** The GIL this thread runs under; null in free-threaded mode, where there is none to take. */
    private final Gil gil;
    /** The {@code counter} object of this thread's interpreter. */
    private final SharedCounter counter;
    /** Kernel rounds per {@code cpu} iteration and per nanosecond of C work. */
    private final Calibration calibration;
    /** Where state changes go; null when recording is off. */
    private final StateLog log;

    /** CPython's per-thread {@code _PY_GIL_DROP_REQUEST_BIT}: set by a waiting thread, cleared by this one. */
    private volatile boolean dropRequested;
    /** The current state; written by the attached thread only. */
    private volatile WorkerState state = WorkerState.IDLE;
    /** Whether this thread holds the GIL; read and written by the attached thread only. */
    private boolean holdsGil;
    /** The platform thread running this Python thread; written by attach and detach. */
    private volatile Thread owner;

    /** {@code cpu} iterations finished, updated every few thousand; written by the attached thread only. */
    private volatile long cpuIterationsDone;
    /** The kernel's last state, kept so that the JIT cannot drop the work; written by the attached thread only. */
    private volatile long sink = BurnKernel.SEED;

    /** Counters below are written by the attached thread only (drop requests: by this thread as the waiter). */
    private volatile long acquisitions;
    private volatile long forcedSwitches;
    private volatile long dropRequestsSet;
    private volatile long waitNanos;
    private final LatencyHistogram ioRetake = new LatencyHistogram();

    PyThread(int index, Gil gil, SharedCounter counter, Calibration calibration, StateLog log) {
        this.index = index;
        this.gil = gil;
        this.counter = counter;
        this.calibration = calibration;
        this.log = log;
    }

    /** Binds this Python thread to the calling platform thread and records IDLE. */
    void attach() {
        if (owner != null) {
            throw new IllegalStateException("worker " + index + " is already attached to " + owner.getName());
        }
        owner = Thread.currentThread();
        state = WorkerState.IDLE;
        if (log != null) {
            log.append(WorkerState.IDLE, System.nanoTime());
        }
    }

    /** Unbinds this Python thread from the calling thread and records DONE. */
    public void detach() {
        requireOwner();
        enter(WorkerState.DONE);
        owner = null;
    }

    /**
     * Runs one task program on the calling thread: takes the GIL, runs the steps, drops the GIL. May be called for
     * several tasks in a row.
     *
     * @param cancelled polled every few thousand iterations and in every wait; when it answers true the task stops
     *                  within a few milliseconds and the GIL is released. It must answer quickly and never block:
     *                  it is also polled while waiting for the GIL, under the GIL's mutex
     * @return true if the program ran to its end, false if it was cancelled
     * @throws InterruptedException if the thread was interrupted; the GIL is released and the state is IDLE
     */
    public boolean run(TaskProgram program, BooleanSupplier cancelled) throws InterruptedException {
        requireOwner();
        try {
            if (!takeGil(cancelled)) {
                return false;
            }
            for (Step step : program.steps()) {
                boolean finished = switch (step) {
                    case Step.Cpu cpu -> cpu(cpu.iterations(), cancelled);
                    case Step.Io io -> io(io.duration(), cancelled);
                    case Step.Native c -> nativeCall(c.cpu(), cancelled);
                    case Step.Builtin c -> builtinCall(c.cpu(), cancelled);
                    case Step.Increment incr -> increment(incr.times(), incr.callBetween(), cancelled);
                };
                if (!finished) {
                    return false;
                }
            }
            return true;
        } finally {
            enter(WorkerState.IDLE); // before the release, so that RUNNING intervals of workers never overlap
            releaseGil();
        }
    }

    /** {@code while n > 0: n -= 1}: one iteration of calibrated work, then the back-edge check. */
    private boolean cpu(long iterations, BooleanSupplier cancelled) throws InterruptedException {
        final long rounds = calibration.roundsPerIteration();
        final long base = cpuIterationsDone;
        long x = sink;
        try {
            for (long i = 1; i <= iterations; i++) {
                x = BurnKernel.burn(x, rounds);
                if (dropRequested && !switchAtCheckPoint(cancelled)) { // JUMP_BACKWARD
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
    private boolean increment(long times, boolean callBetween, BooleanSupplier cancelled)
            throws InterruptedException {
        final long rounds = calibration.roundsPerIteration();
        long x = sink;
        try {
            for (long i = 1; i <= times; i++) {
                x = BurnKernel.burn(x, rounds); // the loop's own bytecodes
                long value = counter.load();
                if (callBetween) {
                    if (dropRequested && !switchAtCheckPoint(cancelled)) { // function entry
                        return false;
                    }
                    x = BurnKernel.burn(x, rounds); // the function's body
                }
                counter.store(value + 1);
                if (dropRequested && !switchAtCheckPoint(cancelled)) { // JUMP_BACKWARD
                    return false;
                }
                if ((i & POLL_MASK) == 0 && stopRequested(cancelled)) {
                    return false;
                }
            }
            return true;
        } finally {
            sink = x;
        }
    }

    /** Blocking I/O: drop the GIL without waiting, really wait, take the GIL back. */
    private boolean io(Duration duration, BooleanSupplier cancelled) throws InterruptedException {
        long start = enter(WorkerState.IO);
        releaseGil();
        long intendedWakeUp = start + duration.toNanos();
        for (long left; (left = intendedWakeUp - System.nanoTime()) > 0; ) {
            if (stopRequested(cancelled)) {
                return false;
            }
            LockSupport.parkNanos(Math.min(left, IO_POLL_NANOS));
        }
        if (!takeGil(cancelled)) {
            return false;
        }
        if (gil != null) {
            // From the intended wake-up, like a program timing its own sleep: includes the OS's oversleep.
            ioRetake.record(System.nanoTime() - intendedWakeUp);
        }
        return true;
    }

    /** C code that releases the GIL: drop without waiting, burn a fixed amount of work, take the GIL back. */
    private boolean nativeCall(Duration cpu, BooleanSupplier cancelled) throws InterruptedException {
        enter(WorkerState.NATIVE);
        releaseGil();
        if (!burn(calibration.roundsFor(cpu), cancelled)) {
            return false;
        }
        return takeGil(cancelled);
    }

    /** One long C call that keeps the GIL: burn without any check point, so no drop request can interrupt it. */
    private boolean builtinCall(Duration cpu, BooleanSupplier cancelled) throws InterruptedException {
        enter(WorkerState.BUILTIN);
        if (!burn(calibration.roundsFor(cpu), cancelled)) {
            return false;
        }
        enter(WorkerState.RUNNING);
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

    /** What a check point does on a drop request: drop the GIL (waiting for the hand-over), then take it again. */
    private boolean switchAtCheckPoint(BooleanSupplier cancelled) throws InterruptedException {
        holdsGil = false;
        long dropped = enter(WorkerState.WAITING_FOR_GIL);
        if (gil.drop(this, cancelled)) {
            forcedSwitches = forcedSwitches + 1;
        }
        // A forced drop waits for the hand-over before queueing to take the GIL back: that is waiting too, as the
        // lanes show it, so the wait counter includes it.
        countWait(System.nanoTime() - dropped);
        return takeGil(cancelled);
    }

    private boolean takeGil(BooleanSupplier cancelled) throws InterruptedException {
        if (gil != null && !gil.take(this, cancelled)) {
            return false;
        }
        holdsGil = gil != null;
        enter(WorkerState.RUNNING);
        return true;
    }

    private void releaseGil() {
        if (holdsGil) {
            holdsGil = false;
            gil.release(this);
        }
    }

    private static boolean stopRequested(BooleanSupplier cancelled) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("emulated Python thread interrupted");
        }
        return cancelled.getAsBoolean();
    }

    /** Records a state change and returns its instant. Call only from the attached thread. */
    private long enter(WorkerState next) {
        long now = System.nanoTime();
        if (state != next) {
            state = next;
            if (log != null) {
                log.append(next, now);
            }
        }
        return now;
    }

    private void requireOwner() {
        if (owner != Thread.currentThread()) {
            throw new IllegalStateException("worker " + index + " is not attached to the calling thread");
        }
    }

    // ---- called by the Gil, on the thread this PyThread belongs to unless said otherwise ----

    /** Sets the drop request; called by a waiting thread. Returns true if it was not set before. */
    boolean requestDrop() {
        if (dropRequested) {
            return false;
        }
        dropRequested = true;
        return true;
    }

    boolean isDropRequested() {
        return dropRequested;
    }

    void clearDropRequest() {
        if (dropRequested) {
            dropRequested = false;
        }
    }

    void beganWaitingForGil() {
        enter(WorkerState.WAITING_FOR_GIL);
    }

    void countAcquisition() {
        acquisitions = acquisitions + 1;
    }

    void countDropRequest() {
        dropRequestsSet = dropRequestsSet + 1;
    }

    void countWait(long nanos) {
        waitNanos = waitNanos + nanos;
    }

    // ---- readable from any thread ----

    /** This worker's index in its interpreter. */
    public int index() {
        return index;
    }

    /** What this worker is doing now. */
    public WorkerState state() {
        return state;
    }

    /** {@code cpu} iterations finished so far over all tasks, updated every few thousand iterations. */
    public long cpuIterationsDone() {
        return cpuIterationsDone;
    }

    /** A snapshot of this worker's GIL figures. */
    public GilCounters counters() {
        return new GilCounters(acquisitions, forcedSwitches, dropRequestsSet, waitNanos, ioRetake.stats());
    }

    LatencyHistogram ioRetakeHistogram() {
        return ioRetake;
    }

    StateLog log() {
        return log;
    }
}
