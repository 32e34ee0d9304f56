package lab.gil.interpreter;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The Global Interpreter Lock of one emulated interpreter, taken and dropped by the algorithm of CPython 3.12-3.14's
 * {@code Python/ceval_gil.c} with forced switching.
 *
 * <p>Invariant: at most one {@link PyThread} holds the GIL (from the end of its {@link #take} to the start of its
 * {@link #release} or {@link #drop}); a thread that has waited a whole switch interval without the GIL changing
 * hands sets the drop request of the holder; a holder that drops because of that request does not return before
 * another thread has taken the GIL.
 *
 * <p>The algorithm, step by step as in CPython:
 * <ul>
 * <li>take(t): while {@code locked}: remember {@code switchNumber}, wait on C for {@code interval}; if the wait
 * timed out, the GIL is still locked and {@code switchNumber} did not move, set the drop request of the holder.
 * Then set {@code locked}, and if {@code lastHolder != t} set it and count a switch; lock SM, signal SC, unlock SM;
 * clear t's own drop request.</li>
 * <li>drop(t): clear {@code locked}, signal C. If t's drop request is set (a forced drop), lock SM and wait on SC
 * while {@code lastHolder == t}, i.e. until another thread has taken it.</li>
 * </ul>
 *
 * <p>Where Java differs from CPython's pthreads, and what this class does about it:
 * <ul>
 * <li>CPython guards {@code locked}, {@code switchNumber} and its condition C with a mutex M, and every waiter
 * locks M again each time its timed wait ends. Here the three are one immutable {@link Holding}, changed by
 * compare-and-set, and C is a queue of parked waiters: a Java {@link java.util.concurrent.locks.ReentrantLock}
 * queues the threads that want it in FIFO order and wakes them one at a time, so with hundreds of waiters (lesson
 * 15's 1,000 threads returning from their I/O) every waiter's time-out and every drop queued behind all the others,
 * and 1,000 threads doing ten 5 ms waits took 7-26 s where CPython takes 0.6 s. The states a thread can see are
 * CPython's: the GIL is free or held by one thread, its switch count moves with its holder, in one step.</li>
 * <li>Dropping the GIL wakes the thread whose current timed wait began first, and a waiter whose interval ran out
 * waits again at the end of the line: what glibc's condition variable does (each {@code pthread_cond_timedwait}
 * joins the newest group of waiters, and a signal goes to the oldest group). The thread that set the drop request
 * is so not always the one that gets the GIL, in CPython and here. A woken waiter may lose to a thread that arrived
 * while the GIL was free; it then waits again (CPython's {@code while (locked)}). Measured: lesson 15's 1,000
 * threads took 0.46-0.71 s this way (median of 10: 0.51 s) and 0.78-0.93 s when a timed-out waiter kept its place
 * (CPython, in those minutes, 0.58-0.68 s); two threads sharing 20 M iterations switch about once an interval, as
 * CPython's do (78-88 forced switches in 0.47 s, against 64-75 when a timed-out waiter kept its place); lesson 6's
 * three I/O threads next to a CPU thread did not move.</li>
 * <li>Spurious wake-ups exist in both. A wake-up before the interval's end restarts the interval, exactly as
 * CPython's {@code COND_TIMED_WAIT} reporting "not timed out" does. CPython 3.12+ waits on SC once ({@code if},
 * not {@code while}); a spurious wake-up there lets the dropper race back. We loop
 * ({@code while lastHolder == t}), which is what the comment in CPython intends.</li>
 * <li>A waiter's time-out is measured on {@link System#nanoTime()}, CPython's by {@code pthread_cond_timedwait}
 * on {@code CLOCK_MONOTONIC}; both are monotonic. Both end a little late: HotSpot parks on a futex with the kernel's
 * timer slack (50 us by default), as glibc does; waking a thread on the other core adds the machine's wake-up
 * latency to every hand-over, in CPython and here alike.</li>
 * <li>A Java thread can be cancelled or interrupted while it waits; a CPython thread cannot. So waits longer than
 * {@link #CANCEL_POLL_NANOS} are cut into slices that poll the cancellation check (the interval's deadline is kept,
 * so the drop request is set at the same time as without slicing); a thread that leaves take() without the GIL
 * passes on any wake-up it consumed and wakes a forced dropper, which stops waiting for a switch when no thread is
 * left waiting to take the GIL (in CPython it would wait forever, which cannot happen there).</li>
 * <li>A waiter that times out reads the holder without a mutex, so its drop request may reach a holder that has
 * just dropped the GIL: like any drop request, it is cleared when that thread next takes the GIL.</li>
 * </ul>
 */
final class Gil {

    /** The longest a thread waiting for the GIL or for its hand-over goes without looking at its cancellation. */
    static final long CANCEL_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    /**
     * Who holds the GIL, who held it last and how often it changed hands: CPython's {@code locked},
     * {@code last_holder} and {@code switch_number}, changed together.
     *
     * @param holder       the thread holding the GIL; null when it is free
     * @param lastHolder   the thread holding it or the one that held it last
     * @param switchNumber times the GIL passed to a different thread
     */
    private record Holding(PyThread holder, PyThread lastHolder, long switchNumber) {

        boolean locked() {
            return holder != null;
        }

        Holding takenBy(PyThread t) {
            return new Holding(t, t, lastHolder == t ? switchNumber : switchNumber + 1);
        }

        Holding dropped() {
            return new Holding(null, lastHolder, switchNumber);
        }
    }

    private final AtomicReference<Holding> holding = new AtomicReference<>(new Holding(null, null, 0));
    /**
     * CPython's {@code gil->cond} (C): the threads in a timed wait on it, in the order they began that wait; a drop
     * wakes the first. A waiter whose interval ran out waits again at the end, as glibc's condition variable does.
     */
    private final Queue<Waiter> waiters = new ConcurrentLinkedQueue<>();
    /** Threads inside take() waiting for the GIL; read by forced droppers. */
    private final AtomicInteger waiting = new AtomicInteger();
    /** CPython's {@code gil->switch_mutex} (SM): guards the hand-over a forced dropper waits for. */
    private final ReentrantLock switchMutex = new ReentrantLock();
    /** CPython's {@code gil->switch_cond} (SC): signalled when a thread has taken the GIL. */
    private final Condition switched = switchMutex.newCondition();
    /** The switch interval in nanoseconds ({@code sys.setswitchinterval}); fixed for an interpreter's life. */
    private final long intervalNanos;

    /** How a wait for the GIL ended. */
    private enum Wake { WOKEN, TIMED_OUT, CANCELLED }

    /** One timed wait on C: a drop takes it off the queue and marks it signalled. */
    private static final class Waiter {
        final Thread thread = Thread.currentThread();
        volatile boolean signalled;
    }

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
        if (!tryTake(t)) {
            long waitStart = System.nanoTime();
            t.beganWaitingForGil();
            waiting.incrementAndGet();
            boolean acquired = false;
            try {
                acquired = waitAndTake(t, cancelled);
            } finally {
                waiting.decrementAndGet();
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
            switched.signal();
        } finally {
            switchMutex.unlock();
        }
        t.clearDropRequest();
        t.countAcquisition();
        return true;
    }

    /** Takes the GIL for {@code t} if it is free now. */
    private boolean tryTake(PyThread t) {
        Holding now = holding.get();
        return !now.locked() && holding.compareAndSet(now, now.takenBy(t));
    }

    /**
     * CPython's {@code while (locked)} loop of take_gil, and the take after it.
     *
     * @return true once t holds the GIL; false when cancelled
     */
    private boolean waitAndTake(PyThread t, BooleanSupplier cancelled) throws InterruptedException {
        while (!tryTake(t)) {
            Holding seen = holding.get();
            if (!seen.locked()) {
                continue; // dropped since: take it (or lose it to a faster thread and wait again)
            }
            switch (awaitDrop(System.nanoTime() + intervalNanos, cancelled)) {
                case CANCELLED -> {
                    return false;
                }
                case TIMED_OUT -> {
                    Holding now = holding.get();
                    if (now.locked() && now.switchNumber() == seen.switchNumber() && now.holder().requestDrop()) {
                        t.countDropRequest();
                    }
                }
                case WOKEN -> { }
            }
        }
        return true;
    }

    /**
     * One {@code COND_TIMED_WAIT} on C until {@code deadline}, in slices so that cancellation is seen within a slice.
     * A signal is {@link Wake#WOKEN}, and so is a GIL found free at the end of a slice, as CPython reports "not timed
     * out" for a spurious wake-up. Whatever the outcome, the wait is off the queue when this returns.
     */
    private Wake awaitDrop(long deadline, BooleanSupplier cancelled) throws InterruptedException {
        Waiter me = new Waiter();
        waiters.add(me);
        try {
            if (!holding.get().locked()) {
                // Dropped before this wait was on the queue, so its signal went to no one: CPython's waiter holds M
                // from its look at locked until it waits, which no drop can come between.
                return leave(me, Wake.WOKEN);
            }
            while (true) {
                long now = System.nanoTime();
                if (now - deadline >= 0) {
                    return leave(me, Wake.TIMED_OUT);
                }
                LockSupport.parkNanos(this, Math.min(deadline - now, CANCEL_POLL_NANOS));
                if (me.signalled) {
                    return Wake.WOKEN;
                }
                if (Thread.interrupted()) {
                    leave(me, Wake.CANCELLED);
                    throw new InterruptedException();
                }
                if (cancelled.getAsBoolean()) {
                    return leave(me, Wake.CANCELLED);
                }
                if (!holding.get().locked()) {
                    return leave(me, Wake.WOKEN);
                }
            }
        } catch (RuntimeException | Error e) {
            leave(me, Wake.CANCELLED);
            throw e;
        }
    }

    /**
     * Takes {@code me} off the queue for {@code why}. If a drop took it off first, the signal was this thread's (even
     * if its mark is not set yet): it is woken, unless it is leaving take(), which then passes the signal on
     * ({@link #leaveWithoutTaking}).
     */
    private Wake leave(Waiter me, Wake why) {
        return waiters.remove(me) || why == Wake.CANCELLED ? why : Wake.WOKEN;
    }

    /** Tidies up after a waiter gave up: passes on a wake-up it may have consumed and wakes a forced dropper. */
    private void leaveWithoutTaking() {
        if (!holding.get().locked()) {
            wakeOldestWaiter();
        }
        switchMutex.lock();
        try {
            switched.signalAll();
        } finally {
            switchMutex.unlock();
        }
    }

    private void wakeOldestWaiter() {
        Waiter first = waiters.poll();
        if (first != null) {
            first.signalled = true;
            LockSupport.unpark(first.thread);
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
            while (holding.get().lastHolder() == t && waiting.get() > 0 && !cancelled.getAsBoolean()) {
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
        Holding held = holding.get();
        if (held.holder() != t) {
            throw new IllegalStateException("worker " + t.index() + " drops a GIL it does not hold");
        }
        holding.set(held.dropped()); // only the holder changes a held GIL: no other thread can have changed it
        wakeOldestWaiter();
    }

    /** Times the GIL passed from one thread to another. */
    long switchNumber() {
        return holding.get().switchNumber();
    }

    /** Whether some thread holds the GIL now (a racy read, for observers and tests). */
    boolean isLocked() {
        return holding.get().locked();
    }

    long intervalNanos() {
        return intervalNanos;
    }

    /** The thread holding the GIL or that held it last. */
    PyThread lastHolder() {
        return holding.get().lastHolder();
    }

    /** Threads waiting in take(). */
    int waiters() {
        return waiting.get();
    }
}
