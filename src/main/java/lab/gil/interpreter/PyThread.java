package lab.gil.interpreter;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.BooleanSupplier;
import lab.gil.program.TaskProgram;

/**
 * One emulated Python thread, like CPython's {@code PyThreadState}: its drop request, its state and its counters,
 * and the {@link StepRunner} that runs task programs on the platform thread it is attached to.
 *
 * <p>Invariant: only the attached thread runs programs, changes the state and writes the counters; other threads
 * only set the drop request (through the GIL) and read. Outside {@link #run} the thread never holds the GIL. A state
 * that needs the GIL (RUNNING, BUILTIN) is recorded after the GIL is taken and left before it is dropped, so the
 * recorded GIL intervals of two workers of one GIL never overlap.
 */
public final class PyThread {

    private final int index;
    /** The GIL this thread runs under; null in free-threaded mode, where there is none to take. */
    private final Gil gil;
    /** Where state changes go; null when recording is off. */
    private final StateLog log;
    /** How this thread runs its steps under the GIL, and the runner that runs them. */
    private final ThreadScheduling scheduling;
    private final StepRunner steps;

    /** CPython's per-thread {@code _PY_GIL_DROP_REQUEST_BIT}: set by a waiting thread, cleared by this one. */
    private volatile boolean dropRequested;
    /** Sets {@link #dropRequested} once when several waiters time out together, so that one counts it. */
    private static final VarHandle DROP_REQUESTED;

    static {
        try {
            DROP_REQUESTED = MethodHandles.lookup().findVarHandle(PyThread.class, "dropRequested", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
    /** The current state; written by the attached thread only. */
    private volatile WorkerState state = WorkerState.IDLE;
    /** Whether this thread holds the GIL; read and written by the attached thread only. */
    private boolean holdsGil;
    /** The platform thread running this Python thread; written by attach and detach. */
    private volatile Thread owner;

    /** Counters below are written by the attached thread only (drop requests: by this thread as the waiter). */
    private volatile long acquisitions;
    private volatile long forcedSwitches;
    private volatile long dropRequestsSet;
    private volatile long waitNanos;
    private final LatencyHistogram ioRetake = new LatencyHistogram();

    /** A thread with a queue of its own, for tests of the GIL alone. */
    PyThread(int index, Gil gil, SharedCounter counter, Calibration calibration, StateLog log) {
        this(index, gil, counter, counter, new PyLock(), new LocalItemQueue(), new CodeWarmth(), calibration, log);
    }

    PyThread(int index, Gil gil, SharedCounter counter, CounterCell sharedMemoryCounter, PyLock lock,
             ItemQueue queue, CodeWarmth warmth, Calibration calibration, StateLog log) {
        this.index = index;
        this.gil = gil;
        this.log = log;
        this.scheduling = new ThreadScheduling(this, counter, sharedMemoryCounter, lock, queue, warmth);
        this.steps = new StepRunner(scheduling, calibration);
    }

    /** The state of the kernel this thread has burnt its work in (see {@link StepRunner#kernelState}). */
    long kernelState() {
        return steps.kernelState();
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
            scheduling.cancelledBy(cancelled);
            return takeGil(cancelled) && steps.run(program);
        } finally {
            enter(WorkerState.IDLE); // before the release, so that RUNNING intervals of workers never overlap
            releaseGil();
        }
    }

    // ---- used by its scheduling, on the attached thread ----

    /**
     * What a check point does on a drop request: drop the GIL (waiting for the hand-over), then take it again. The
     * whole time counts as waiting for the GIL.
     */
    boolean switchAtCheckPoint(BooleanSupplier cancelled) throws InterruptedException {
        long start = enter(WorkerState.WAITING_FOR_GIL);
        holdsGil = false;
        if (gil.drop(this, cancelled)) {
            forcedSwitches = forcedSwitches + 1;
        }
        countWait(System.nanoTime() - start);
        return takeGil(cancelled);
    }

    /** Takes the GIL (if there is one) and records RUNNING; false if cancelled while waiting. */
    boolean takeGil(BooleanSupplier cancelled) throws InterruptedException {
        if (gil != null && !gil.take(this, cancelled)) {
            return false;
        }
        holdsGil = gil != null;
        enter(WorkerState.RUNNING);
        return true;
    }

    /** Drops the GIL without waiting for anyone to take it, if this thread holds it. */
    void releaseGil() {
        if (holdsGil) {
            holdsGil = false;
            gil.release(this);
        }
    }

    /** Records the latency from an io step's intended wake-up until the GIL was held again. */
    void ioReturned(long intendedWakeUp) {
        if (gil != null) {
            // Measured from the intended wake-up, as a program timing its own sleep does: includes the OS's oversleep.
            ioRetake.record(System.nanoTime() - intendedWakeUp);
        }
    }

    /** Records a state change and returns its instant. Call only from the attached thread. */
    long enter(WorkerState next) {
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

    // ---- used by the Gil ----

    /** Sets the drop request; called by a waiting thread. Returns true if it was not set before (by another). */
    boolean requestDrop() {
        return !dropRequested && DROP_REQUESTED.compareAndSet(this, false, true);
    }

    /** The drop request, read at every check point: a plain load on x86, cheap enough for every back-edge. */
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
        return steps.cpuIterationsDone();
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
