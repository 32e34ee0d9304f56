package lab.gil.interpreter;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The Global Interpreter Lock of one emulated interpreter, taken and dropped by the algorithm of CPython 3.12-3.14's
 * {@code Python/ceval_gil.c} with forced switching.
 *
 * <p>Invariant: at most one {@link PyThread} holds the GIL ({@code locked} is true from the end of its
 * {@link #take} to the start of its {@link #drop}); a thread that has waited a whole switch interval without the GIL
 * changing hands sets the drop request of the last holder; a holder that drops because of that request does not
 * return before another thread has taken the GIL.
 *
 * <p>The algorithm, step by step as in CPython:
 * <ul>
 * <li>take(t): lock M. While {@code locked}: remember {@code switchNumber}, wait on C for {@code interval}; if the wait
 * timed out, the GIL is still locked and {@code switchNumber} did not move, set the drop request of
 * {@code lastHolder}. Then lock SM, set {@code locked}, if {@code lastHolder != t} set it and count a switch, signal
 * SC, unlock SM; clear t's own drop request; unlock M.</li>
 * <li>drop(t): {@code lastHolder = t}; lock M, clear {@code locked}, signal C, unlock M. If t's drop request is set
 * (a forced drop), lock SM and wait on SC while {@code lastHolder == t}, i.e. until another thread has taken it.</li>
 * </ul>
 *
 * <p>Where Java differs from CPython's pthreads, and what this class does about it:
 * <ul>
 * <li>{@link Condition#signal()} of a {@link ReentrantLock} wakes the longest-waiting thread (FIFO).
 * {@code pthread_cond_signal} promises no order, and on Linux (glibc) a woken waiter may even lose to a thread that
 * arrived later. With two threads this makes no difference; with many waiters on C, Java hands the GIL round-robin
 * while CPython's order is up to the C library and the kernel. We keep Java's order and say so to the lessons.</li>
 * <li>Spurious wake-ups exist in both. Waits on C are in the {@code while (locked)} loop, as in CPython: a spurious
 * wake-up restarts the interval, exactly as CPython's {@code COND_TIMED_WAIT} reporting "not timed out" does.
 * CPython 3.12+ waits on SC once ({@code if}, not {@code while}); a spurious wake-up there lets the dropper race
 * back. We loop ({@code while lastHolder == t}), which is what the comment in CPython intends.</li>
 * <li>The waiting thread's time-out is measured by {@code awaitNanos} on {@link System#nanoTime()}, CPython's by
 * {@code pthread_cond_timedwait} on {@code CLOCK_MONOTONIC}; both are monotonic.</li>
 * <li>A Java thread can be cancelled or interrupted while it waits; a CPython thread cannot. So waits on C are cut
 * into slices of {@link #CANCEL_POLL_NANOS} that poll the cancellation check (the interval deadline is kept, so the
 * drop request is set at the same time as without slicing); a thread that leaves take() without the GIL passes any
 * signal it consumed on to the next waiter and wakes a forced dropper, which stops waiting for a switch when no
 * thread is left waiting to take the GIL (in CPython it would wait forever, which cannot happen there).</li>
 * <li>{@code locked} and {@code lastHolder} are atomics read without the mutex in CPython; here they are volatile.
 * </li>
 * <li>{@link ReentrantLock} is not fair, like a pthread mutex: a thread arriving at take() may lock M before a
 * signalled waiter gets it back, find the GIL free and take it; the waiter then sees {@code locked} again and starts
 * a new interval. CPython behaves the same way, which is why a thread that drops the GIL voluntarily can race back.
 * Only the condition queue is FIFO, not the mutex.</li>
 * <li>Timed waits end a little late in both: HotSpot parks on a futex with the kernel's timer slack (50 us by
 * default), as glibc's {@code pthread_cond_timedwait} does; waking a thread on the other core adds the machine's
 * wake-up latency to every hand-over, in CPython and here alike.</li>
 * </ul>
 */
final class Gil {

    /** How often a thread waiting on a condition looks at its cancellation check. */
    static final long CANCEL_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    /** CPython's {@code gil->mutex} (M): guards {@code locked} changes, {@code switchNumber} and {@code waiting}. */
    private final ReentrantLock mutex = new ReentrantLock();
    /** CPython's {@code gil->cond} (C): signalled when the GIL is dropped. */
    private final Condition dropped = mutex.newCondition();
    /** CPython's {@code gil->switch_mutex} (SM): guards the hand-over a forced dropper waits for. */
    private final ReentrantLock switchMutex = new ReentrantLock();
    /** CPython's {@code gil->switch_cond} (SC): signalled when a thread has taken the GIL. */
    private final Condition switched = switchMutex.newCondition();

    /** Whether a thread holds the GIL. Written under {@link #mutex}; read without it by the holder's observers. */
    private volatile boolean locked;
    /** The thread holding the GIL, or the one that held it last. Written under {@link #switchMutex} by take, and by
     * the dropper itself before it releases {@link #mutex}; read by forced droppers under {@link #switchMutex}. */
    private volatile PyThread lastHolder;
    /** Times the GIL passed to a different thread. Written under {@link #mutex}; volatile for counters. */
    private volatile long switchNumber;
    /** Threads inside take() waiting for the GIL. Written under {@link #mutex}; read by forced droppers. */
    private volatile int waiting;
    /** The switch interval in nanoseconds ({@code sys.setswitchinterval}); fixed for an interpreter's life. */
    private final long intervalNanos;

    Gil(long intervalNanos) {
        if (intervalNanos < 1_000) {
            throw new IllegalArgumentException("the switch interval must be at least 1 us: " + intervalNanos + " ns");
        }
        this.intervalNanos = intervalNanos;
    }

    /**
     * Takes the GIL for {@code t}, waiting as long as another thread holds it.
     *
     * @return true once {@code t} holds the GIL; false if {@code cancelled} said so while waiting (then t does not
     *     hold it)
     * @throws InterruptedException if interrupted while waiting (then t does not hold it)
     */
    boolean take(PyThread t, BooleanSupplier cancelled) throws InterruptedException {
        mutex.lockInterruptibly();
        try {
            if (locked) {
                long waitStart = System.nanoTime();
                t.beganWaitingForGil();
                waiting++;
                boolean acquired = false;
                try {
                    acquired = waitUntilUnlocked(t, cancelled);
                } finally {
                    waiting--;
                    t.countWait(System.nanoTime() - waitStart);
                    if (!acquired) {
                        leaveWithoutTaking();
                    }
                }
                if (!acquired) {
                    return false;
                }
            }
            switchMutex.lock();
            try {
                locked = true;
                if (lastHolder != t) {
                    lastHolder = t;
                    switchNumber = switchNumber + 1;
                }
                switched.signal();
            } finally {
                switchMutex.unlock();
            }
            t.clearDropRequest();
            t.countAcquisition();
            return true;
        } finally {
            mutex.unlock();
        }
    }

    /**
     * CPython's {@code while (locked)} loop of take_gil. Call only while holding {@link #mutex}.
     *
     * @return true when the GIL is free; false when cancelled
     */
    private boolean waitUntilUnlocked(PyThread t, BooleanSupplier cancelled) throws InterruptedException {
        while (locked) {
            long savedSwitchNumber = switchNumber;
            long deadline = System.nanoTime() + intervalNanos;
            boolean timedOut = false;
            // One COND_TIMED_WAIT of a whole interval, in slices so that cancellation is seen within a slice.
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    timedOut = true;
                    break;
                }
                long slice = Math.min(left, CANCEL_POLL_NANOS);
                if (dropped.awaitNanos(slice) > 0) {
                    break; // signalled, or a spurious wake-up: CPython reports "not timed out" too
                }
                if (cancelled.getAsBoolean()) {
                    return false;
                }
            }
            if (timedOut && locked && switchNumber == savedSwitchNumber) {
                PyThread holder = lastHolder;
                if (holder != null && holder.requestDrop()) {
                    t.countDropRequest();
                }
            }
        }
        return true;
    }

    /**
     * Tidies up after a waiter gave up: passes on a wake-up it may have consumed and lets a forced dropper re-check
     * whether anyone is still waiting. Call only while holding {@link #mutex}.
     */
    private void leaveWithoutTaking() {
        if (!locked) {
            dropped.signal();
        }
        switchMutex.lock();
        try {
            switched.signalAll();
        } finally {
            switchMutex.unlock();
        }
    }

    /**
     * Drops the GIL held by {@code t}. If t's drop request is set (a forced drop), waits until another thread has
     * taken the GIL, unless no thread is waiting for it any more or {@code cancelled} says so.
     *
     * @return true if this was a forced drop
     * @throws InterruptedException if interrupted while waiting for the hand-over (t has dropped the GIL anyway)
     */
    boolean drop(PyThread t, BooleanSupplier cancelled) throws InterruptedException {
        release(t);
        if (!t.isDropRequested()) {
            return false;
        }
        switchMutex.lock();
        try {
            t.clearDropRequest();
            while (lastHolder == t && waiting > 0 && !cancelled.getAsBoolean()) {
                switched.awaitNanos(CANCEL_POLL_NANOS);
            }
        } finally {
            switchMutex.unlock();
        }
        return true;
    }

    /**
     * Drops the GIL held by {@code t} without waiting for anyone to take it: blocking I/O and C code that release the
     * GIL ({@code Py_BEGIN_ALLOW_THREADS}), and the end of a task. The thread may race to take it back.
     *
     * <p>CPython 3.12+ would still wait here if a drop request happened to be pending at that moment; the product
     * specifies that voluntary drops never wait, and a pending request is cleared when t next takes the GIL.
     */
    void release(PyThread t) {
        lastHolder = t;
        mutex.lock();
        try {
            locked = false;
            dropped.signal();
        } finally {
            mutex.unlock();
        }
    }

    /** Times the GIL passed from one thread to another. */
    long switchNumber() {
        return switchNumber;
    }

    /** Whether some thread holds the GIL now (a racy read, for observers and tests). */
    boolean isLocked() {
        return locked;
    }

    long intervalNanos() {
        return intervalNanos;
    }

    /** The thread holding the GIL or that held it last. */
    PyThread lastHolder() {
        return lastHolder;
    }

    /** Threads waiting in take(). */
    int waiters() {
        return waiting;
    }

    /**
     * Visible for tests: holds mutex M so that no waiter can leave take() while a test checks what a drop does
     * without anyone taking the GIL. The returned handle releases it.
     */
    AutoCloseable holdMutexForTest() {
        mutex.lock();
        return mutex::unlock;
    }
}
