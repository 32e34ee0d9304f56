package lab.gil.run;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import lab.gil.interpreter.Interpreter;
import lab.gil.interpreter.PyThread;

/**
 * One execution of a scenario on a real {@link ThreadPoolExecutor} of platform threads, observed from the
 * calling thread until every task has ended, the run is stopped or its time is up.
 *
 * <p>The pool has exactly {@code workers} threads, started before the first task so that every worker exists
 * (and shows on the page) from the start. Each thread attaches itself to the emulated {@link Interpreter} once,
 * as a Python thread gets its own thread state, and adds its CPU time to the total when it ends, so CPU time is
 * read only after the pool has terminated.
 */
final class ScenarioExecution {

    /** How long stopped workers get to notice and end before the execution gives up on them. */
    static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Scenario scenario;
    private final Interpreter interpreter;
    private final Duration observePeriod;

    /** Set when the run must end early: stopped, timed out, or a task failed. Read by every worker. */
    private final AtomicBoolean cancelled = new AtomicBoolean();
    /** The first task failure, if any. */
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    /** Counts down as tasks end, normally or not. */
    private final CountDownLatch tasksEnded;
    /** Tasks that ran to their end. */
    private final AtomicInteger tasksDone = new AtomicInteger();
    /** nanoTime when the last task ended, the end of the wall time. */
    private final AtomicLong lastEnd = new AtomicLong();
    /** CPU time of worker threads that have ended. */
    private final LongAdder cpuNanos = new LongAdder();
    /** Context switches of worker threads that have ended. */
    private final LongAdder voluntarySwitches = new LongAdder();
    private final LongAdder involuntarySwitches = new LongAdder();
    /** Every worker thread the pool started; joined before the totals above are read. */
    private final java.util.Queue<Thread> threadsStarted = new java.util.concurrent.ConcurrentLinkedQueue<>();

    ScenarioExecution(Scenario scenario, Interpreter interpreter, Duration observePeriod) {
        this.scenario = scenario;
        this.interpreter = interpreter;
        this.observePeriod = observePeriod;
        this.tasksEnded = new CountDownLatch(scenario.tasks());
    }

    /** Something the execution reports to, about ten times a second; must return quickly. */
    interface Observer {
        void onProgress(int tasksDone, long cpuIterationsDone, long elapsedNanos);

        /** The execution is preparing, before its clock starts (starting worker processes, say); {@code what} says how. */
        default void onPreparing(String what) {
        }
    }

    /** Why an execution ended before all of its tasks did. */
    static final class EndedEarly extends Exception {
        EndedEarly(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Runs every task and returns what was measured; throws {@link EndedEarly} when a task failed, the run was
     * stopped ({@code stop} became true) or {@code timeLimit} passed.
     */
    Measurement execute(BooleanSupplier stop, Duration timeLimit, Observer observer)
            throws InterruptedException, EndedEarly {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(scenario.workers(), scenario.workers(), 0,
                TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(scenario.tasks()), workerThreads());
        long start = System.nanoTime();
        try {
            pool.prestartAllCoreThreads();
            for (int t = 0; t < scenario.tasks(); t++) {
                int task = t;
                pool.execute(() -> runTask(task));
            }
            String endedEarly = observe(start, stop, timeLimit, observer);
            pool.shutdown();
            if (endedEarly != null) {
                pool.shutdownNow();
            }
            if (!pool.awaitTermination(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new EndedEarly("Workers did not stop within " + STOP_GRACE.toSeconds() + " s.", null);
            }
            // The pool counts as terminated as soon as its last worker leaves runWorker, before the thread's own
            // finally block has added its CPU time and context switches: wait for the threads themselves.
            for (Thread t : threadsStarted) {
                if (!t.join(STOP_GRACE)) {
                    throw new EndedEarly("Workers did not stop within " + STOP_GRACE.toSeconds() + " s.", null);
                }
            }
            if (endedEarly != null) {
                throw new EndedEarly(endedEarly, failure.get());
            }
            return new Measurement(start, lastEnd.get() - start, cpuNanos.sum(), cpuIterationsDone(),
                    new ContextSwitches(voluntarySwitches.sum(), involuntarySwitches.sum()), 0, 0, List.of());
        } finally {
            cancelled.set(true);
            pool.shutdownNow();
        }
    }

    /** Waits for the tasks, reporting progress; returns why the run must end early, or null when all ended. */
    private String observe(long start, BooleanSupplier stop, Duration timeLimit, Observer observer)
            throws InterruptedException {
        long deadline = start + timeLimit.toNanos();
        while (!tasksEnded.await(observePeriod.toNanos(), TimeUnit.NANOSECONDS)) {
            observer.onProgress(tasksDone.get(), cpuIterationsDone(), System.nanoTime() - start);
            if (failure.get() != null) {
                break;
            }
            if (stop.getAsBoolean()) {
                cancelled.set(true);
                return "Stopped.";
            }
            if (System.nanoTime() - deadline > 0) {
                cancelled.set(true);
                return "Stopped at the time limit of " + timeLimit.toSeconds() + " s.";
            }
        }
        observer.onProgress(tasksDone.get(), cpuIterationsDone(), System.nanoTime() - start);
        Throwable failed = failure.get();
        if (failed != null) {
            cancelled.set(true);
            return "A task failed: " + failed.getMessage();
        }
        return null;
    }

    private void runTask(int task) {
        try {
            if (cancelled.get()) {
                return;
            }
            if (CURRENT.get().run(scenario.programFor(task), cancelled::get)) {
                tasksDone.incrementAndGet();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            failure.compareAndSet(null, e);
            cancelled.set(true);
        } finally {
            lastEnd.accumulateAndGet(System.nanoTime(), Math::max);
            tasksEnded.countDown();
        }
    }

    private long cpuIterationsDone() {
        long sum = 0;
        for (int w = 0; w < interpreter.workers(); w++) {
            sum += interpreter.worker(w).cpuIterationsDone();
        }
        return sum;
    }

    /** The Python thread state of the current pool thread. */
    private static final ThreadLocal<PyThread> CURRENT = new ThreadLocal<>();

    private ThreadFactory workerThreads() {
        AtomicInteger next = new AtomicInteger();
        return body -> {
            int index = next.getAndIncrement();
            Thread thread = Thread.ofPlatform().daemon().name("run-worker-" + index).unstarted(() -> {
                PyThread worker = interpreter.attach(index);
                CURRENT.set(worker);
                try {
                    body.run();
                } finally {
                    worker.detach();
                    CURRENT.remove();
                    cpuNanos.add(THREADS.getCurrentThreadCpuTime());
                    ContextSwitches switches = ContextSwitches.ofCurrentThread();
                    voluntarySwitches.add(switches.voluntary());
                    involuntarySwitches.add(switches.involuntary());
                }
            });
            threadsStarted.add(thread);
            return thread;
        };
    }
}
