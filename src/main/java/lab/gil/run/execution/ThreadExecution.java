package lab.gil.run.execution;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import lab.gil.cost.ThreadCostProbe;
import lab.gil.cost.WorkerCost;
import lab.gil.interpreter.CountersSnapshot;
import lab.gil.interpreter.GilCounters;
import lab.gil.interpreter.Interpreter;
import lab.gil.interpreter.LatencyStats;
import lab.gil.interpreter.PyThread;
import lab.gil.run.summary.RunSummary;
import lab.gil.run.trace.LaneSource;
import lab.gil.scenario.Scenario;
import lab.gil.scenario.ScenarioParser;

/**
 * One execution of a scenario on a real {@link ThreadPoolExecutor} of platform threads of the server, sharing one
 * emulated {@link Interpreter} (and its GIL), observed from the calling thread until every task has ended, the run
 * is stopped or its time is up.
 *
 * <p>The pool has exactly {@code workers} threads, started before the first task so that every worker exists
 * (and shows on the page) from the start. Each thread attaches itself to the interpreter once, as a Python thread
 * gets its own thread state, and adds its CPU time to the total when it ends, so CPU time is read only after the
 * pool has terminated.
 */
public final class ThreadExecution implements Execution {

    /** Makes thread executions, each on a fresh interpreter. */
    public static final ExecutionFactory FACTORY = (scenario, calibration, observePeriod, live) ->
            new ThreadExecution(scenario, new Interpreter(scenario.gil(), scenario.switchInterval(), scenario.workers(),
                    calibration, live), observePeriod);

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
    /** Tasks done, the last one's end, and the CPU time and context switches of worker threads that have ended. */
    private final WorkTally tally = new WorkTally();
    /** Every worker thread the pool started; joined before the tally is read. */
    private final Queue<Thread> threadsStarted = new ConcurrentLinkedQueue<>();
    /** What one thread of this server costs; set by the calling thread once the tasks have ended, read after. */
    private WorkerCost workerCost;

    ThreadExecution(Scenario scenario, Interpreter interpreter, Duration observePeriod) {
        this.scenario = scenario;
        this.interpreter = interpreter;
        this.observePeriod = observePeriod;
        this.tasksEnded = new CountDownLatch(scenario.tasks());
    }

    @Override
    public LaneSource lanes() {
        return LaneSource.of(interpreter);
    }

    @Override
    public long startNanos() {
        return tally.startNanos();
    }

    @Override
    public Measurement execute(BooleanSupplier stop, Duration timeLimit, Observer observer)
            throws InterruptedException, EndedEarly {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(scenario.workers(), scenario.workers(), 0,
                TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(scenario.tasks()), workerThreads());
        long start = tally.startClock();
        try {
            pool.prestartAllCoreThreads();
            for (int t = 0; t < scenario.tasks(); t++) {
                int task = t;
                pool.execute(() -> runTask(task));
            }
            Optional<String> endedEarly = ObserveLoop.observe(new Workers(), start, stop, timeLimit, observer,
                    observePeriod);
            pool.shutdown();
            if (endedEarly.isPresent()) {
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
            if (endedEarly.isPresent()) {
                throw new EndedEarly(endedEarly.get(), failure.get());
            }
            Measurement measured = tally.measurement(cpuIterationsDone());
            // After the clock has stopped and every worker has ended: measured once per server, at its first
            // thread run, and runs take turns, so no run's threads compete with the probe's.
            workerCost = ThreadCostProbe.shared();
            return measured;
        } finally {
            cancelled.set(true);
            pool.shutdownNow();
        }
    }

    /** The pool's threads as the observe loop watches them: ending early is a flag every worker looks at. */
    private final class Workers implements ObserveLoop.Work {
        @Override
        public boolean awaitEnd(long nanos) throws InterruptedException {
            return tasksEnded.await(nanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public int tasksDone() {
            return tally.tasksDone();
        }

        @Override
        public long cpuIterationsDone() {
            return ThreadExecution.this.cpuIterationsDone();
        }

        @Override
        public String failure() {
            Throwable failed = failure.get();
            return failed == null ? null : failed.getMessage();
        }

        @Override
        public String cancel(ObserveLoop.Ending why) {
            cancelled.set(true);
            return "";
        }
    }

    /**
     * The GIL's side of the run, from the interpreter's counters, and the {@code counter} all threads share: one
     * object in one process, so a lost update shows here.
     */
    @Override
    public ExecutionFigures figures(Measurement m) {
        CountersSnapshot counters = interpreter.counters();
        GilCounters total = counters.total();
        LatencyStats retake = total.ioRetake();
        RunSummary.GilFigures gil = new RunSummary.GilFigures(ScenarioParser.gilId(scenario.gil()),
                RunSummary.GilFigures.waitShare(total.waitNanos(), m.wallNanos(), scenario.workers()),
                counters.gilSwitches(),
                total.forcedSwitches(), total.dropRequests(), retake.count(), retake.medianNanos() / 1e6,
                retake.maxNanos() / 1e6);
        long increments = scenario.totalIncrements();
        RunSummary.CounterFigures counter = increments == 0 ? null : new RunSummary.CounterFigures(increments,
                interpreter.sharedCounters().stream().mapToLong(Long::longValue).sum());
        return new ExecutionFigures(gil, counter, null, null, workerCost);
    }

    private void runTask(int task) {
        boolean ranToItsEnd = false;
        try {
            if (cancelled.get()) {
                return;
            }
            ranToItsEnd = CURRENT.get().run(scenario.programFor(task), cancelled::get);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            failure.compareAndSet(null, e);
            cancelled.set(true);
        } finally {
            tally.taskEnded(ranToItsEnd);
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
                    tally.cpu(THREADS.getCurrentThreadCpuTime());
                    ContextSwitches switches = ContextSwitches.ofCurrentThread();
                    tally.switches(switches.voluntary(), switches.involuntary());
                }
            });
            threadsStarted.add(thread);
            return thread;
        };
    }
}
