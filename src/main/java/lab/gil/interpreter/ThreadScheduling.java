package lab.gil.interpreter;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * How a {@link PyThread} runs its steps under a GIL, as CPython's eval loop does: at a check point with a drop
 * request it drops the GIL and takes it again; blocking I/O, C code that releases the GIL and a {@code get} on an
 * empty queue drop it without waiting and take it back afterwards.
 *
 * <p>Used only by the platform thread the PyThread is attached to, for one task at a time.
 */
final class ThreadScheduling implements StepRunner.Scheduling {

    /**
     * Longest single park of an {@code io} step, so that cancellation is seen within it; as long as the GIL's own
     * (CPython sleeps in one call: with a thousand threads, shorter parks would cost real CPU time it does not spend).
     */
    private static final long IO_POLL_NANOS = Gil.CANCEL_POLL_NANOS;

    private final PyThread thread;
    /** The {@code counter} object of this thread's interpreter. */
    private final CounterCell counter;
    /** The counter {@code incr-shared} updates: in shared memory for a worker process, else {@link #counter}. */
    private final CounterCell sharedMemoryCounter;
    /** The {@code lock} object of this thread's interpreter, for {@code incr-lock} steps. */
    private final PyLock lock;
    /** The run's queue, for {@code put} and {@code get} steps. */
    private final ItemQueue queue;
    /** How warm {@code countdown} is in this thread's interpreter. */
    private final CodeWarmth warmth;
    /** The current task's cancellation, set by {@link PyThread#run} for each task; attached thread only. */
    private BooleanSupplier cancelled = () -> false;

    ThreadScheduling(PyThread thread, CounterCell counter, CounterCell sharedMemoryCounter, PyLock lock,
                     ItemQueue queue, CodeWarmth warmth) {
        this.thread = thread;
        this.counter = counter;
        this.sharedMemoryCounter = sharedMemoryCounter;
        this.lock = lock;
        this.queue = queue;
        this.warmth = warmth;
    }

    /** Looks at {@code cancelled} for the task about to run. */
    void cancelledBy(BooleanSupplier cancelled) {
        this.cancelled = cancelled;
    }

    @Override
    public boolean switchRequested() {
        return thread.isDropRequested();
    }

    @Override
    public boolean switchAtCheckPoint() throws InterruptedException {
        return thread.switchAtCheckPoint(cancelled);
    }

    @Override
    public boolean cancelled() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("emulated Python thread interrupted");
        }
        return cancelled.getAsBoolean();
    }

    /** Blocking I/O: drop the GIL without waiting, really wait, take the GIL back. */
    @Override
    public boolean io(Duration duration) throws InterruptedException {
        long start = thread.enter(WorkerState.IO);
        thread.releaseGil();
        long intendedWakeUp = start + duration.toNanos();
        for (long left; (left = intendedWakeUp - System.nanoTime()) > 0; ) {
            if (cancelled()) {
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

    @Override
    public void enterC(WorkerState state) {
        thread.enter(state);
        if (state == WorkerState.NATIVE) {
            thread.releaseGil();
        }
    }

    @Override
    public boolean leaveC(WorkerState state) throws InterruptedException {
        if (state == WorkerState.NATIVE) {
            return thread.takeGil(cancelled);
        }
        thread.enter(WorkerState.RUNNING);
        return true;
    }

    @Override
    public CounterCell counter() {
        return counter;
    }

    @Override
    public boolean countdownCall() {
        return warmth.call();
    }

    @Override
    public CounterCell sharedMemoryCounter() {
        return sharedMemoryCounter;
    }

    /**
     * CPython's {@code acquire_timed} ({@code Modules/_threadmodule.c}): a first try that never waits; if the lock
     * is held, the thread is blocked on it with the GIL released, and takes the GIL back once it has the lock.
     */
    @Override
    public boolean acquireLock() throws InterruptedException {
        if (lock.tryAcquire()) {
            return true;
        }
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

    @Override
    public void releaseLock() {
        lock.release();
    }

    @Override
    public void put() throws InterruptedException {
        queue.put();
    }

    /** An item at once if there is one; otherwise the GIL is released while the thread waits, and taken again. */
    @Override
    public boolean take() throws InterruptedException {
        if (queue.tryTake()) {
            return true;
        }
        thread.enter(WorkerState.IO);
        thread.releaseGil();
        return queue.take(cancelled) && thread.takeGil(cancelled);
    }

    @Override
    public RuntimeException crash() {
        return new CrashRequested();
    }
}
