package lab.gil.interpreter;

import static lab.gil.interpreter.TestWorker.FIXED;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * Specification of {@code incr-lock}, {@code with lock: counter += 1}: a real lock that loses no update with the GIL
 * or without one, and a thread blocked on it waits without the GIL, as in CPython.
 */
class LockedIncrementTest {

    /** The shortest switch interval, so that the GIL changes hands often while the loops run. */
    private static final Duration TINY_INTERVAL = Duration.ofNanos(100_000);
    private static final int TIMES = 200_000;

    private static Interpreter runTwo(GilMode mode, String program) throws InterruptedException {
        Interpreter interp = new Interpreter(mode, TINY_INTERVAL, 2, FIXED, true);
        CountDownLatch start = new CountDownLatch(1);
        TestWorker a = TestWorker.start(interp, 0, program, start);
        TestWorker b = TestWorker.start(interp, 1, program, start);
        start.countDown();
        assertThat(a.join()).isTrue();
        assertThat(b.join()).isTrue();
        return interp;
    }

    private static List<WorkerState> states(Interpreter interp) {
        List<WorkerState> states = new ArrayList<>();
        interp.drainStateChanges(change -> states.add(change.state()));
        return states;
    }

    @Test
    void withoutAGilTwoThreadsUnderTheLockLoseNoUpdateAndWaitForEachOtherBlocked() throws InterruptedException {
        Interpreter interp = runTwo(GilMode.FREE_THREADED, "incr-lock " + TIMES);
        assertThat(interp.sharedCounter()).isEqualTo(2L * TIMES);
        assertThat(interp.lockOf(0).isLocked()).as("released at the end").isFalse();
        // Two loops that do little but take the lock, on two cores: each finds it held again and again.
        assertThat(states(interp)).as("the lanes show threads blocked on the lock").contains(WorkerState.BLOCKED);
    }

    @Test
    void underTheGilTheLockedLoopLosesNoUpdateAndNeverBlocksBecauseNoCheckPointFallsWhileItIsHeld()
            throws InterruptedException {
        Interpreter interp = runTwo(GilMode.GIL, "incr-lock " + TIMES);
        assertThat(interp.sharedCounter()).isEqualTo(2L * TIMES);
        assertThat(interp.counters().total().forcedSwitches()).as("the GIL changed hands").isPositive();
        assertThat(states(interp)).doesNotContain(WorkerState.BLOCKED);
    }

    @Test
    void perInterpreterWorkersEachHaveALockOfTheirOwn() throws InterruptedException {
        Interpreter interp = runTwo(GilMode.PER_INTERPRETER, "incr-lock " + TIMES);
        assertThat(interp.lockOf(0)).isNotSameAs(interp.lockOf(1));
        assertThat(interp.sharedCounters()).containsExactly((long) TIMES, (long) TIMES);
        assertThat(states(interp)).doesNotContain(WorkerState.BLOCKED);
    }

    @Test
    void aThreadBlockedOnTheLockReleasesTheGilSoThatAnotherThreadRunsMeanwhile() throws InterruptedException {
        Interpreter interp = new Interpreter(GilMode.GIL, Interpreter.DEFAULT_SWITCH_INTERVAL, 2, FIXED, true);
        PyLock lock = interp.lockOf(0);
        assertThat(lock.tryAcquire()).as("the test holds the lock, as a third thread would").isTrue();
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch isBlocked = new CountDownLatch(1);
        // The cancellation check is polled while the worker waits for the lock: it says when it is blocked there.
        TestWorker blocked = TestWorker.start(interp, 0, "incr-lock 1", go, TestWorker.pauseOnceWhen(
                () -> interp.worker(0).state() == WorkerState.BLOCKED, isBlocked, go));
        go.countDown();
        TestWorker.await(isBlocked, "worker 0 is blocked on the lock");

        CountDownLatch go2 = new CountDownLatch(1);
        TestWorker other = TestWorker.start(interp, 1, "cpu 100000", go2);
        go2.countDown();
        assertThat(other.join()).as("ran to its end under the GIL while worker 0 was blocked").isTrue();
        assertThat(interp.worker(0).state()).isEqualTo(WorkerState.BLOCKED);
        assertThat(interp.sharedCounter()).isZero();

        lock.release();
        assertThat(blocked.join()).isTrue();
        assertThat(interp.sharedCounter()).isEqualTo(1);
        assertThat(states(interp)).containsSubsequence(WorkerState.BLOCKED, WorkerState.RUNNING, WorkerState.DONE);
    }

    @Test
    void aThreadBlockedOnTheLockStopsWhenTheRunIsCancelledWithoutHoldingTheLockOrTheGil() throws InterruptedException {
        Interpreter interp = new Interpreter(GilMode.GIL, Interpreter.DEFAULT_SWITCH_INTERVAL, 2, FIXED, false);
        PyLock lock = interp.lockOf(0);
        assertThat(lock.tryAcquire()).isTrue();
        CountDownLatch go = new CountDownLatch(1);
        // Stop is pressed while the worker waits for the lock.
        TestWorker blocked = TestWorker.start(interp, 0, "incr-lock 10", go,
                () -> interp.worker(0).state() == WorkerState.BLOCKED);
        go.countDown();
        assertThat(blocked.join()).as("cancelled").isFalse();
        assertThat(interp.gilOf(0).isLocked()).isFalse();
        lock.release();
        assertThat(lock.isLocked()).isFalse();
    }
}
