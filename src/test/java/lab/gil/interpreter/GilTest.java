package lab.gil.interpreter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Specification of the GIL's take and drop, as in CPython's {@code Python/ceval_gil.c}. */
class GilTest {

    private static final long INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final BooleanSupplier NEVER = () -> false;

    private final Gil gil = new Gil(INTERVAL_NANOS);
    private final PyThread holder = newThread(0);
    private final PyThread waiter = newThread(1);

    private PyThread newThread(int index) {
        return new PyThread(index, gil, new SharedCounter(), TestWorker.FIXED, null);
    }

    /** Starts a thread that takes the GIL for {@link #waiter}, holds it until {@code letGo}, then releases it. */
    private Thread startWaiter(BooleanSupplier cancelled, CountDownLatch letGo, AtomicBoolean took) {
        Thread t = new Thread(() -> {
            try {
                if (gil.take(waiter, cancelled)) {
                    took.set(true);
                    letGo.await(TestWorker.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    gil.release(waiter);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "waiter");
        t.start();
        return t;
    }

    /** The holder's eval loop: look at the drop request at every back-edge until it is set. */
    private void runUntilDropRequested() {
        long deadline = System.nanoTime() + TestWorker.TIMEOUT.toNanos();
        while (!holder.isDropRequested()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no drop request within " + TestWorker.TIMEOUT);
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void takingAFreeGilDoesNotWaitAndCountsASwitchOnlyWhenTheHolderChanges() throws InterruptedException {
        assertThat(gil.take(holder, NEVER)).isTrue();
        gil.release(holder);
        assertThat(gil.take(holder, NEVER)).isTrue();
        gil.release(holder);

        assertThat(holder.counters().acquisitions()).isEqualTo(2);
        assertThat(holder.counters().waitNanos()).isZero();
        assertThat(gil.switchNumber()).isEqualTo(1);
    }

    @Test
    void aThreadThatWaitsLongerThanTheIntervalSetsTheHoldersDropRequest() throws InterruptedException {
        gil.take(holder, NEVER);
        CountDownLatch letWaiterGo = new CountDownLatch(1);
        long waiterStarted = System.nanoTime();
        Thread w = startWaiter(NEVER, letWaiterGo, new AtomicBoolean());

        runUntilDropRequested();
        long requestedAfter = System.nanoTime() - waiterStarted;
        gil.drop(holder, NEVER);
        letWaiterGo.countDown();
        w.join(TestWorker.TIMEOUT.toMillis());

        assertThat(requestedAfter).isGreaterThanOrEqualTo(INTERVAL_NANOS);
        assertThat(waiter.counters().dropRequests()).isEqualTo(1);
        assertThat(waiter.counters().waitNanos()).isGreaterThanOrEqualTo(INTERVAL_NANOS);
    }

    @Test
    void aForcedDropReturnsOnlyAfterTheWaiterHasTakenTheGil() throws InterruptedException {
        gil.take(holder, NEVER);
        CountDownLatch letWaiterGo = new CountDownLatch(1);
        AtomicBoolean waiterTook = new AtomicBoolean();
        Thread w = startWaiter(NEVER, letWaiterGo, waiterTook);
        runUntilDropRequested();

        boolean forced = gil.drop(holder, NEVER);

        // The dropper cannot take it back first: when drop returns, the waiter already holds the GIL.
        assertThat(forced).isTrue();
        assertThat(gil.lastHolder()).isSameAs(waiter);
        assertThat(gil.isLocked()).isTrue();
        assertThat(holder.isDropRequested()).isFalse();
        letWaiterGo.countDown();
        w.join(TestWorker.TIMEOUT.toMillis());
        assertThat(waiterTook).isTrue();
        assertThat(gil.switchNumber()).isEqualTo(2);
    }

    @Test
    void aVoluntaryReleaseDoesNotWaitForAnotherThreadToTakeTheGil() throws Exception {
        gil.take(holder, NEVER);
        CountDownLatch waiterHeld = new CountDownLatch(1);
        CountDownLatch letWaiterOn = new CountDownLatch(1);
        AtomicBoolean holdWaiter = new AtomicBoolean();
        // Once armed, the waiter's next look at its cancellation blocks it: it cannot take the GIL meanwhile.
        BooleanSupplier blocksWhenArmed = () -> {
            if (holdWaiter.get()) {
                waiterHeld.countDown();
                awaitQuietly(letWaiterOn);
            }
            return false;
        };
        AtomicBoolean waiterTook = new AtomicBoolean();
        Thread w = startWaiter(blocksWhenArmed, new CountDownLatch(0), waiterTook);
        runUntilDropRequested(); // the waiter is certainly waiting, and a drop request is even pending
        holdWaiter.set(true);
        assertThat(waiterHeld.await(TestWorker.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).as("waiter held").isTrue();

        gil.release(holder); // like Py_BEGIN_ALLOW_THREADS before blocking I/O: returns with nobody holding the GIL
        assertThat(gil.isLocked()).isFalse();
        assertThat(gil.lastHolder()).isSameAs(holder);

        holdWaiter.set(false);
        letWaiterOn.countDown();
        w.join(TestWorker.TIMEOUT.toMillis());
        assertThat(waiterTook).isTrue();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(TestWorker.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aCancelledWaiterLeavesWithoutTheGilAndAForcedDropThenDoesNotWaitForIt() throws InterruptedException {
        gil.take(holder, NEVER);
        AtomicBoolean cancel = new AtomicBoolean();
        AtomicBoolean waiterTook = new AtomicBoolean();
        Thread w = startWaiter(cancel::get, new CountDownLatch(0), waiterTook);
        runUntilDropRequested();

        cancel.set(true);
        w.join(TestWorker.TIMEOUT.toMillis());
        boolean forced = gil.drop(holder, NEVER);

        assertThat(w.isAlive()).isFalse();
        assertThat(waiterTook).isFalse();
        assertThat(forced).isTrue();
        assertThat(gil.isLocked()).isFalse();
        assertThat(gil.waiters()).isZero();
    }

    @Test
    void anInterruptedWaiterLeavesWithoutTheGil() throws InterruptedException {
        gil.take(holder, NEVER);
        AtomicBoolean waiterTook = new AtomicBoolean();
        Thread w = startWaiter(NEVER, new CountDownLatch(0), waiterTook);
        runUntilDropRequested();

        w.interrupt();
        w.join(TestWorker.TIMEOUT.toMillis());

        assertThat(w.isAlive()).isFalse();
        assertThat(waiterTook).isFalse();
        assertThat(gil.waiters()).isZero();
        gil.release(holder);
    }

    @Test
    void underHundredsOfWaitersOneThreadHoldsTheGilAtATimeAndEveryTakeIsServed() throws InterruptedException {
        int threads = 300;
        int takesEach = 20;
        AtomicInteger holding = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        AtomicInteger served = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch ended = new CountDownLatch(threads);
        for (int i = 0; i < threads; i++) {
            PyThread t = newThread(2 + i);
            Thread.ofPlatform().daemon().start(() -> {
                try {
                    start.await();
                    for (int n = 0; n < takesEach; n++) {
                        if (gil.take(t, NEVER)) {
                            mostAtOnce.accumulateAndGet(holding.incrementAndGet(), Math::max);
                            served.incrementAndGet();
                            holding.decrementAndGet();
                            gil.release(t); // like an io step: drop, wait a little, take again
                            LockSupport.parkNanos(100_000);
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    ended.countDown();
                }
            });
        }
        start.countDown();

        assertThat(ended.await(TestWorker.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).as("every thread ended").isTrue();
        assertThat(mostAtOnce).as("threads holding the GIL at once").hasValue(1);
        assertThat(served).hasValue(threads * takesEach);
        assertThat(gil.isLocked()).isFalse();
        assertThat(gil.waiters()).isZero();
    }
}
