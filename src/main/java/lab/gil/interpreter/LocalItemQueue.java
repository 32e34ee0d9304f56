package lab.gil.interpreter;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * An {@link ItemQueue} in this JVM: a count of items behind a lock, with a condition that a waiting taker sleeps
 * on. Used by the threads of one interpreter, and by the server for the worker processes of one run.
 *
 * <p>Invariant: {@code items >= 0}; every put wakes one waiting taker.
 */
public final class LocalItemQueue implements ItemQueue {

    /** How often a waiting taker looks at cancellation. */
    private static final long CANCEL_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    /** Guards {@link #items}; {@link #notEmpty} is signalled on every put. */
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    /** Items put and not yet taken. */
    private long items;

    @Override
    public void put() {
        lock.lock();
        try {
            items++;
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean tryTake() {
        lock.lock();
        try {
            if (items == 0) {
                return false;
            }
            items--;
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean take(BooleanSupplier cancelled) throws InterruptedException {
        lock.lock();
        try {
            while (items == 0) {
                if (cancelled.getAsBoolean()) {
                    return false;
                }
                notEmpty.awaitNanos(CANCEL_POLL_NANOS);
            }
            items--;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Items waiting now. */
    public long size() {
        lock.lock();
        try {
            return items;
        } finally {
            lock.unlock();
        }
    }
}
