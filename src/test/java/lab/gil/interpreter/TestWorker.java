package lab.gil.interpreter;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import lab.gil.program.TaskProgram;

/**
 * A platform thread that attaches one worker of an interpreter, waits for a shared start signal, runs one program
 * and detaches; tests join it and read what happened.
 */
final class TestWorker {

    /** How long a test waits for anything before it declares the emulation stuck. */
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** A calibration that needs no measuring: tests check behaviour, not speed. */
    static final Calibration FIXED = new Calibration(50, 20, 2.0, Calibration.Source.GIVEN);

    private final Thread thread;
    /** Whether run() returned true; written by the worker thread before it ends, read after join. */
    private volatile boolean completed;
    /** What run() threw, if anything; written by the worker thread before it ends, read after join. */
    private volatile Throwable failure;

    private TestWorker(Interpreter interpreter, int index, TaskProgram program, CountDownLatch start,
                       BooleanSupplier cancelled) {
        this.thread = new Thread(() -> {
            PyThread t = interpreter.attach(index);
            try {
                if (!start.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new AssertionError("start signal never came");
                }
                completed = t.run(program, cancelled);
            } catch (Throwable e) {
                failure = e;
            } finally {
                t.detach();
            }
        }, "test-worker-" + index);
    }

    static TestWorker start(Interpreter interpreter, int index, String program, CountDownLatch start,
                            BooleanSupplier cancelled) {
        TestWorker w = new TestWorker(interpreter, index, TaskProgram.parse(program), start, cancelled);
        w.thread.start();
        return w;
    }

    static TestWorker start(Interpreter interpreter, int index, String program, CountDownLatch start) {
        return start(interpreter, index, program, start, () -> false);
    }

    /** Joins the thread and returns whether the program ran to its end; fails the test if it threw or hung. */
    boolean join() throws InterruptedException {
        thread.join(TIMEOUT.toMillis());
        if (thread.isAlive()) {
            thread.interrupt();
            thread.join(TIMEOUT.toMillis());
            throw new AssertionError(thread.getName() + " did not finish within " + TIMEOUT);
        }
        if (failure != null) {
            throw new AssertionError(thread.getName() + " failed", failure);
        }
        return completed;
    }

    Throwable failure() {
        return failure;
    }

    Thread thread() {
        return thread;
    }

    /** Awaits a latch for at most {@link #TIMEOUT}, failing loudly instead of hanging. */
    static void await(CountDownLatch latch, String what) throws InterruptedException {
        if (!latch.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("timed out waiting until " + what);
        }
    }

    /**
     * A cancellation check that never cancels but, the first time it is asked, counts down {@code reached} and
     * awaits {@code proceed}.
     */
    static BooleanSupplier pauseOnceUntil(CountDownLatch reached, CountDownLatch proceed) {
        return pauseOnceWhen(() -> true, reached, proceed);
    }

    /**
     * Like {@link #pauseOnceUntil} but pauses only when asked while {@code when} holds (e.g. the worker is in a given
     * state): the check is also polled while waiting for the GIL, under the GIL's mutex, where it must not block.
     */
    static BooleanSupplier pauseOnceWhen(BooleanSupplier when, CountDownLatch reached, CountDownLatch proceed) {
        return new BooleanSupplier() {
            private boolean paused;

            @Override
            public boolean getAsBoolean() {
                if (!paused && when.getAsBoolean()) {
                    paused = true;
                    reached.countDown();
                    try {
                        proceed.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return false;
            }
        };
    }
}
