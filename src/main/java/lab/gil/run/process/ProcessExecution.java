package lab.gil.run.process;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BooleanSupplier;
import lab.gil.cost.WorkerCost;
import lab.gil.interpreter.Calibration;
import lab.gil.interpreter.GilMode;
import lab.gil.interpreter.LocalItemQueue;
import lab.gil.interpreter.ProcessHeap;
import lab.gil.interpreter.WorkerState;
import lab.gil.process.CPythonStart;
import lab.gil.process.Message;
import lab.gil.process.Wire;
import lab.gil.process.WorkerPool;
import lab.gil.process.WorkerProcess;
import lab.gil.program.TaskProgram;
import lab.gil.run.execution.EndedEarly;
import lab.gil.run.execution.Execution;
import lab.gil.run.execution.ExecutionFactory;
import lab.gil.run.execution.ExecutionFigures;
import lab.gil.run.execution.Measurement;
import lab.gil.run.execution.ObserveLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import lab.gil.run.execution.Observer;
import lab.gil.run.summary.RunSummary;
import lab.gil.run.trace.LaneSource;
import lab.gil.scenario.ExecutorKind;
import lab.gil.scenario.Scenario;
import lab.gil.scenario.ScenarioParser;

/**
 * One execution of a scenario on worker processes, each with its own interpreter and GIL: a pool of reused
 * workers ({@code processes}, like {@code ProcessPoolExecutor}) or a fresh process for every task
 * ({@code process-per-task}, like one {@code multiprocessing.Process} per job). Observed from the calling thread
 * until every task has ended, the run is stopped or its time is up.
 *
 * <p>One driver thread per slot hands tasks to its worker and reads its answers; a worker that dies ends its slot,
 * the other slots go on, and the run then fails with the dead worker's name. Stopping, the time limit and a failure
 * kill the run's workers, as {@code Process.terminate()} does; the pool replaces them. Pooled workers are leased,
 * started and warmed up, and the driver threads started, before the clock starts: the wall time of
 * {@code processes} is that of a warm pool, as a {@code Pool}'s is once its workers are up, while
 * {@code process-per-task} pays every start-up (and every cold JIT) inside it.
 */
public final class ProcessExecution implements Execution {

    /** Makes process executions on {@code pool}'s workers; on a server without one, says it runs threads only. */
    public static ExecutionFactory factory(WorkerPool pool) {
        return (scenario, calibration, observePeriod, live) -> {
            if (pool == null) {
                throw new EndedEarly("This server runs threads only: it has no worker processes.", null);
            }
            return new ProcessExecution(scenario, pool, calibration, observePeriod);
        };
    }

    /** Run ids tell a reused worker that a new run has begun and its interpreter must be fresh. */
    private static final AtomicLong RUN_IDS = new AtomicLong();

    private final Scenario scenario;
    private final WorkerPool pool;
    private final Calibration calibration;
    /** The kernel's last state after charging a copy, kept so that the JIT cannot drop the work; any driver writes. */
    private volatile long chargeSink = lab.gil.interpreter.BurnKernel.SEED;
    private final Duration observePeriod;
    private final boolean perTask;
    private final long runId = RUN_IDS.incrementAndGet();
    private final ProcessLanes lanes;

    /** The next task to hand out. */
    private final AtomicInteger nextTask = new AtomicInteger();
    /** Set when the run must end early; every driver looks at it before each task. */
    private final AtomicBoolean cancelled = new AtomicBoolean();
    /** Counts down as driver threads end. */
    private final CountDownLatch slotsEnded;
    /** Opened once the clock has started: the drivers wait on it, so that starting them is not timed. */
    private final CountDownLatch clockStarted = new CountDownLatch(1);
    /** The worker each slot is talking to now, so that a stop can kill it. */
    private final AtomicReferenceArray<WorkerProcess> current;
    /** cpu iterations of finished processes of each slot, and of its current process. */
    private final AtomicLongArray iterationsBefore, iterationsNow;
    /** The first worker death, in words for the student. */
    private final AtomicReference<String> death = new AtomicReference<>();
    /** The first task failure reported by a worker. */
    private static final Logger log = LoggerFactory.getLogger(ProcessExecution.class);
    private final AtomicReference<String> failure = new AtomicReference<>();
    /** Tasks done, the clock, and what the processes cost: copies, switches, CPU, memory, their own counters. */
    private final ProcessTally tally = new ProcessTally();
    /** The latest counter of each pooled worker, by slot. */
    private final AtomicLongArray slotCounters;
    private final AtomicInteger processesStarted = new AtomicInteger();
    /** The run's queue for put and get steps: it lives here, and workers put and take through messages. */
    private final LocalItemQueue queue = new LocalItemQueue();

    ProcessExecution(Scenario scenario, WorkerPool pool, Calibration calibration, Duration observePeriod) {
        this.scenario = scenario;
        this.pool = pool;
        this.calibration = calibration;
        this.observePeriod = observePeriod;
        this.perTask = scenario.executor() == ExecutorKind.PROCESS_PER_TASK;
        int slots = scenario.workers();
        this.lanes = new ProcessLanes(slots);
        this.slotsEnded = new CountDownLatch(slots);
        this.current = new AtomicReferenceArray<>(slots);
        this.iterationsBefore = new AtomicLongArray(slots);
        this.iterationsNow = new AtomicLongArray(slots);
        this.slotCounters = new AtomicLongArray(slots);
    }

    @Override
    public LaneSource lanes() {
        return lanes;
    }

    /** The lanes' time zero: when the clock started, once the workers were ready. */
    @Override
    public long startNanos() {
        return tally.work().startNanos();
    }

    /** The counter in shared memory, read once the last task has ended; -1 when the run has none. */
    private volatile long sharedMemoryCounter = -1;

    /**
     * What only a process run has: every process has its own interpreter, GIL and one Python thread, so nobody
     * waits for a GIL, and its mode is the one its lanes show (one GIL per interpreter), whatever the form said;
     * the server's {@code counter} is never touched, whatever the processes counted, unless it lives in shared
     * memory ({@code incr-shared}), where every process updates the same one; and what the processes cost to start.
     */
    @Override
    public ExecutionFigures figures(Measurement m) {
        RunSummary.GilFigures gil = new RunSummary.GilFigures(ScenarioParser.gilId(GilMode.PER_INTERPRETER),
                0, 0, 0, 0, 0, 0, 0);
        long increments = scenario.totalIncrements();
        boolean sharedMemory = sharedMemoryCounter >= 0;
        RunSummary.CounterFigures counter = increments == 0 ? null
                : new RunSummary.CounterFigures(increments, sharedMemory ? sharedMemoryCounter : 0);
        WorkerPool.Startup startup = pool.startup();
        // Measured once, at the first process run, after its clock has stopped; runs take turns, so nothing else
        // runs meanwhile.
        CPythonStart cpython = pool.cpythonStart().orElse(null);
        ProcessFigures processes = new ProcessFigures(processesStarted.get(), tally.counters(),
                startup.medianReadyTime().toNanos() / 1e6, startup.medianWarmUpTime().toNanos() / 1e6,
                startup.idleRssBytes(), sharedMemory, cpython);
        WorkerCost cost = m.peakMemoryBytesPerWorker().isEmpty() ? null
                : WorkerCost.ofProcesses(m.peakMemoryBytesPerWorker(), startup.medianReadyTime(), startup.measured());
        return new ExecutionFigures(gil, counter, processes, cost);
    }

    @Override
    public Measurement execute(BooleanSupplier stop, Duration timeLimit, Observer observer)
            throws InterruptedException, EndedEarly {
        List<WorkerProcess> leased = List.of();
        long[] cpuBefore = new long[0];
        try (SentArguments arguments = new SentArguments(scenario.taskPrograms());
             SharedBuffers shared = new SharedBuffers(scenario.taskPrograms())) {
            if (!perTask) {
                int cold = pool.coldStartsFor(scenario.workers());
                if (cold > 0) {
                    observer.onPreparing("Starting and warming up " + cold + " worker process" + (cold == 1 ? "" : "es")
                            + ", before the clock starts");
                }
                leased = pool.lease(scenario.workers());
                processesStarted.set(leased.size());
                cpuBefore = leased.stream().mapToLong(WorkerProcess::cpuNanos).toArray();
            }
            List<Thread> drivers = new ArrayList<>();
            for (int slot = 0; slot < scenario.workers(); slot++) {
                int s = slot;
                WorkerProcess worker = perTask ? null : leased.get(slot);
                drivers.add(Thread.ofPlatform().daemon().name("process-driver-" + slot)
                        .start(() -> drive(s, worker, shared, arguments)));
            }
            long start = tally.work().startClock();
            clockStarted.countDown();
            Optional<String> endedEarly = ObserveLoop.observe(new Slots(), start, stop, timeLimit, observer,
                    observePeriod).or(this::death);
            for (Thread driver : drivers) {
                if (!driver.join(STOP_GRACE)) {
                    killAll();
                    driver.join(STOP_GRACE);
                }
            }
            for (int slot = 0; slot < scenario.workers(); slot++) {
                lanes.enter(slot, WorkerState.DONE);
            }
            sharedMemoryCounter = shared.counterValue();
            for (int i = 0; i < leased.size(); i++) {
                WorkerProcess w = leased.get(i);
                if (w.isAlive()) {
                    tally.processMeasured(w.cpuNanos() - cpuBefore[i], w.status().peakRssBytes(), slotCounters.get(i));
                }
            }
            if (endedEarly.isPresent()) {
                throw new EndedEarly(endedEarly.get(), null);
            }
            return tally.measurement(iterationsDone());
        } catch (IOException e) {
            throw new EndedEarly("The worker processes or their shared memory could not be prepared: "
                    + e.getMessage(), e);
        } finally {
            cancelled.set(true);
            clockStarted.countDown(); // drivers that never saw the clock start end at once
            pool.release(leased);
        }
    }

    /** The slots as the observe loop watches them: ending early kills the run's workers, as terminate() does. */
    private final class Slots implements ObserveLoop.Work {
        @Override
        public boolean awaitEnd(long nanos) throws InterruptedException {
            return slotsEnded.await(nanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public int tasksDone() {
            return tally.work().tasksDone();
        }

        @Override
        public long cpuIterationsDone() {
            return iterationsDone();
        }

        @Override
        public String failure() {
            return failure.get();
        }

        @Override
        public String cancel(ObserveLoop.Ending why) {
            killAll();
            return switch (why) {
                case STOPPED -> "the run's worker processes were terminated";
                case TIME_LIMIT -> "the run's worker processes were killed";
                case FAILED -> "";
            };
        }
    }

    /** Why the run ended early although every slot ended by itself: a worker died, and the others went on. */
    private Optional<String> death() {
        return Optional.ofNullable(death.get()).map(died -> died + " The other workers went on: " + tally.work().tasksDone()
                + " of " + scenario.tasks() + " tasks finished. The pool starts a new worker in its place for the next run.");
    }

    private void killAll() {
        cancelled.set(true);
        for (int slot = 0; slot < current.length(); slot++) {
            WorkerProcess w = current.get(slot);
            if (w != null) {
                w.kill();
            }
        }
    }

    /** The body of slot {@code slot}'s driver thread: tasks one after another until none is left. */
    private void drive(int slot, WorkerProcess pooled, SharedBuffers shared, SentArguments sent) {
        int task = -1;
        // The CPython process this slot stands for: its heap outlives a task in a pool, not the run.
        ProcessHeap heap = new ProcessHeap();
        try {
            clockStarted.await();
            while (!cancelled.get() && (task = nextTask.getAndIncrement()) < scenario.tasks()) {
                WorkerProcess worker = pooled;
                if (perTask) {
                    lanes.enter(slot, WorkerState.IDLE); // the lane waits while a JVM starts
                    worker = pool.startOne();
                    heap = new ProcessHeap();
                }
                current.set(slot, worker);
                if (perTask) {
                    processesStarted.incrementAndGet();
                }
                if (cancelled.get()) {
                    worker.kill();
                }
                try {
                    runOne(slot, worker, heap, task, shared, sent);
                } finally {
                    if (perTask) {
                        endPerTaskWorker(slot, worker);
                    }
                }
            }
        } catch (IOException e) {
            if (!cancelled.get()) {
                death.compareAndSet(null, "Worker " + slot + " died (" + causeOf(current.get(slot)) + ") while running task " + task + ".");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // A driver that ended on a bug must fail the run, never let it pass as done with its tasks undone.
            log.error("Driver of worker {} failed on task {}", slot, task, e);
            failure.compareAndSet(null, "the server could not drive task " + task + " (" + e + ")");
        } finally {
            slotsEnded.countDown();
        }
    }

    private void endPerTaskWorker(int slot, WorkerProcess worker) throws InterruptedException {
        if (worker.isAlive()) {
            // CPU time from its start: the JVM's start-up is part of what a process per task costs.
            tally.processMeasured(worker.cpuNanos(), worker.status().peakRssBytes(), slotCounters.get(slot));
            iterationsBefore.addAndGet(slot, iterationsNow.getAndSet(slot, 0));
        }
        pool.discard(worker);
    }

    private static String causeOf(WorkerProcess worker) {
        try {
            return worker == null ? "unknown cause" : worker.deathCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown cause";
        }
    }

    /**
     * Sends one task to a worker and reads its answers until it ends; an IOException means the worker died. Its
     * copies cost what CPython's would in the process whose heap is {@code heap}.
     */
    private void runOne(int slot, WorkerProcess worker, ProcessHeap heap, int task, SharedBuffers shared,
                        SentArguments sent)
            throws IOException {
        TaskProgram program = scenario.programFor(task);
        List<byte[]> arguments = sent.forProgram(program);
        long argumentBytes = arguments.stream().mapToLong(a -> a.length).sum();
        Message.RunTask message = new Message.RunTask(runId, task, calibration.nsPerIteration(),
                calibration.roundsPerIteration(), calibration.nsPerRound(), calibration.warmShare(),
                calibration.charges().toWorker().nanos(argumentBytes, heap), scenario.switchInterval().toNanos(),
                program.text(), shared.filesFor(program), arguments, shared.counterFile());
        worker.send(message); // pickled into the pipe as it goes; the worker times the copy as it receives it
        tally.copied(argumentBytes, 0);
        while (true) {
            Wire.Received received = worker.receive();
            switch (received.message()) {
                case Message.States batch -> {
                    lanes.add(slot, worker, batch);
                    iterationsNow.set(slot, batch.cpuIterationsDone());
                }
                case Message.Results results -> {
                    // Read from the pipe straight into objects of the server's own: the copy, end to end, and then
                    // the receiver's work until it has cost what CPython's copy would (what is left once this
                    // copy's own is done).
                    long bytes = results.results().stream().mapToLong(r -> r.length).sum();
                    long unpickled = System.nanoTime();
                    chargeSink = calibration.burn(chargeSink,
                            calibration.charges().fromWorker().nanos(bytes, heap) - received.readNanos());
                    tally.copied(bytes, received.readNanos() + System.nanoTime() - unpickled);
                    Wire.giveBack(results.results()); // counted and dropped: the next results reuse its memory
                }
                case Message.TaskDone done -> {
                    finished(slot, done);
                    return;
                }
                case Message.QueuePut put -> queue.put();
                case Message.QueueTake take -> {
                    boolean taken;
                    try {
                        taken = queue.take(cancelled::get); // the worker waits for this answer anyway
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        taken = false;
                    }
                    worker.send(new Message.QueueItem(taken));
                }
                case Message.Failed failed -> {
                    failure.compareAndSet(null, "task " + failed.task() + " in worker " + slot + ": " + failed.message());
                    cancelled.set(true);
                    return;
                }
                default -> throw new IOException("unexpected message from worker " + slot);
            }
        }
    }

    private void finished(int slot, Message.TaskDone done) {
        slotCounters.set(slot, done.counter());
        tally.taskEnded(done);
    }

    private long iterationsDone() {
        long sum = 0;
        for (int i = 0; i < iterationsNow.length(); i++) {
            sum += iterationsBefore.get(i) + iterationsNow.get(i);
        }
        return sum;
    }
}
