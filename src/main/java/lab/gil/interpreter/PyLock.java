package lab.gil.interpreter;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The {@code threading.Lock} of one emulated interpreter, which {@code incr-lock} steps take around their
 * read-modify-write: a real lock that a thread finding it held waits for, blocked.
 *
 * <p>Invariant: at most one thread holds it; any thread may release it (a Python lock has no owner), and nothing
 * here knows about the GIL: {@link EvalLoop} releases the GIL before it blocks here, as CPython's
 * {@code acquire} does ({@code Modules/_threadmodule.c}, {@code acquire_timed}: try without blocking first; only
 * if that fails, {@code Py_BEGIN_ALLOW_THREADS} and wait).
 *
 * <p>A non-fair {@link Semaphore} of one permit is CPython 3.11's lock on Linux: a POSIX semaphore
 * ({@code sem_trywait}, {@code sem_clockwait}, {@code sem_post}), which promises no order among waiters and lets a
 * thread that arrives while the lock is free take it before a woken waiter does. (3.13's {@code PyMutex} spins a
 * little, then parks, and hands the lock straight to a waiter that has waited a millisecond; Java's semaphore
 * spins a little too, but never hands over.)
 */
public final class PyLock {

    /** How often a blocked thread looks at its cancellation check. */
    static final long CANCEL_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    /** One permit: free when available, held when taken. */
    private final Semaphore permit = new Semaphore(1);

    /** {@code lock.acquire(blocking=False)}: takes the lock if it is free, at once; false if another holds it. */
    public boolean tryAcquire() {
        return permit.tryAcquire();
    }

    /**
     * Waits until the lock is free and takes it. Call only without the GIL.
     *
     * @param cancelled polled about every millisecond while waiting
     * @return true once the lock is held; false if cancelled meanwhile (then it is not held)
     * @throws InterruptedException if interrupted while waiting (then it is not held)
     */
    boolean acquire(BooleanSupplier cancelled) throws InterruptedException {
        while (!permit.tryAcquire(CANCEL_POLL_NANOS, TimeUnit.NANOSECONDS)) {
            if (cancelled.getAsBoolean()) {
                return false;
            }
        }
        return true;
    }

    /** {@code lock.release()}: frees the lock and wakes a waiter, if any. Call only while the lock is held. */
    public void release() {
        permit.release();
    }

    /** Whether some thread holds the lock now (a racy read, for tests): {@code lock.locked()}. */
    boolean isLocked() {
        return permit.availablePermits() == 0;
    }
}
