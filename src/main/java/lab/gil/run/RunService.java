package lab.gil.run;

import io.micrometer.core.instrument.MeterRegistry;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import lab.gil.cores.CoreSampler;
import lab.gil.interpreter.Calibration;
import lab.gil.process.WorkerPool;
import lab.gil.run.execution.EndedEarly;
import lab.gil.run.execution.Execution;
import lab.gil.run.scenario.Scenario;
import lab.gil.run.trace.RunTrace;
import lab.gil.stream.EventChannel;
import lab.gil.stream.SseStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Service;

/**
 * Admits runs in the order they were asked for and executes them one at a time, because every run wants all the
 * cores: a class that clicks Run together forms a queue, and each student sees their place in it.
 *
 * <p>Invariant: at most one run is RUNNING; a run leaves the queue only to run or to be cancelled; every run
 * ends in DONE, FAILED or CANCELLED.
 */
@Service
public class RunService implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RunService.class);
    /** Events a run's channel keeps for browsers that reconnect. */
    private static final int RUN_EVENT_HISTORY = 4_096;
    /** Events a slow browser may lag behind before it is disconnected and must resume. */
    private static final int RUN_EVENT_MAILBOX = 1_024;
    /**
     * Finished runs whose lanes (trace and event history) are kept for replaying, comparing and exporting; older
     * ones keep only their figures. With {@link RunTrace#CAPACITY} this bounds the traces to 40 MB at the very most,
     * and the histories to a few times that; lesson runs take far less.
     */
    static final int FINISHED_RUNS_WITH_LANES = 20;

    private final RunProperties properties;
    /** Measures each run; used only by the dispatcher thread. */
    private final RunMeasurer measurer;
    private final RunMetrics metrics;
    private final EventChannel.SubscriberCount runSubscribers;
    private final SecureRandom ids = new SecureRandom();

    /** Guards {@link #queue}, {@link #runs} and {@link #running}; {@link #queued} is signalled when a run is added. */
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition queued = lock.newCondition();
    /** Runs waiting, first to run first. */
    private final List<Run> queue = new ArrayList<>();
    /** Every known run by id, oldest first, trimmed to the configured number of finished runs. */
    private final Map<String, Run> runs = new LinkedHashMap<>();
    /** Whether the dispatcher should keep taking runs. */
    private boolean running;

    /** The thread that executes runs one after another. */
    private Thread dispatcher;

    /**
     * Spring's constructor: the worker pool and the core sampler are optional, so that a web slice without them
     * still starts.
     */
    @Autowired
    RunService(RunProperties properties, ServerCalibration calibration, MeterRegistry registry, SseStreams streams,
               ObjectProvider<WorkerPool> workerPool, ObjectProvider<CoreSampler> sampler) {
        this(properties, calibration, registry, streams, workerPool.getIfAvailable(), sampler.getIfAvailable());
    }

    /** A run queue whose summaries say nothing of other work on the machine: there is no sampler to tell. */
    public RunService(RunProperties properties, Calibration calibration, MeterRegistry registry, SseStreams streams,
                      WorkerPool workerPool) {
        this(properties, calibration, registry, streams, workerPool, null);
    }

    /** A run queue whose summaries say how much of the machine other work took, as {@code sampler} saw it. */
    public RunService(RunProperties properties, Calibration calibration, MeterRegistry registry, SseStreams streams,
                      WorkerPool workerPool, CoreSampler sampler) {
        this(properties, ServerCalibration.of(calibration), registry, streams, workerPool, sampler);
    }

    private RunService(RunProperties properties, ServerCalibration calibration, MeterRegistry registry,
                       SseStreams streams, WorkerPool workerPool, CoreSampler sampler) {
        this.properties = properties;
        this.measurer = new RunMeasurer(calibration, workerPool, sampler, properties.timeLimit());
        this.metrics = new RunMetrics(registry, this::queueLength);
        this.runSubscribers = streams.countFor("run");
    }

    /** A run queue for threads only: a process scenario fails with a message saying so. */
    public RunService(RunProperties properties, Calibration calibration, MeterRegistry registry, SseStreams streams) {
        this(properties, calibration, registry, streams, (WorkerPool) null);
    }

    /** Queues a run of {@code scenario}; throws {@link QueueFullException} when the queue is full. */
    public Run submit(Scenario scenario, String lessonId, String prediction) {
        lock.lock();
        try {
            if (queue.size() >= properties.queueCapacity()) {
                throw new QueueFullException(properties.queueCapacity());
            }
            String id = HexFormat.of().formatHex(randomBytes());
            Run run = new Run(id, scenario, lessonId, prediction,
                    new EventChannel("run", RUN_EVENT_HISTORY, RUN_EVENT_MAILBOX, runSubscribers));
            queue.add(run);
            run.queuedAt(queue.size());
            runs.put(id, run);
            trimFinished();
            queued.signalAll();
            return run;
        } finally {
            lock.unlock();
        }
    }

    public Optional<Run> find(String id) {
        lock.lock();
        try {
            return Optional.ofNullable(runs.get(id));
        } finally {
            lock.unlock();
        }
    }

    /** The run's place in the queue, 1 for next; 0 when it is not waiting. */
    public int position(Run run) {
        lock.lock();
        try {
            return queue.indexOf(run) + 1;
        } finally {
            lock.unlock();
        }
    }

    /** Stops a run: a waiting run is cancelled at once, a running one as soon as its workers notice. */
    public void stop(Run run) {
        run.requestStop();
        boolean wasQueued;
        lock.lock();
        try {
            int place = queue.indexOf(run);
            wasQueued = place >= 0;
            if (wasQueued) {
                queue.remove(place);
                announcePlaces(place);
            }
        } finally {
            lock.unlock();
        }
        if (wasQueued) {
            run.end(RunState.CANCELLED, "Stopped before it started.");
            metrics.finished(run, Duration.ZERO);
            run.events().close();
        }
    }

    public int queueLength() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[8];
        ids.nextBytes(bytes);
        return bytes;
    }

    /**
     * Forgets the oldest finished runs beyond the configured number; of the rest, only the newest keep their event
     * history and their trace, which can hold megabytes of lanes. Call only while holding {@link #lock}.
     */
    private void trimFinished() {
        List<Run> finished = runs.values().stream().filter(r -> r.state().finished()).toList();
        int excess = finished.size() - properties.keepFinished();
        for (int i = 0; i < finished.size(); i++) {
            Run run = finished.get(i);
            int newerFinished = finished.size() - 1 - i;
            if (i < excess) {
                runs.remove(run.id());
            }
            if (newerFinished >= FINISHED_RUNS_WITH_LANES) {
                run.events().forgetHistory();
                run.forgetTrace();
            }
        }
    }

    /**
     * Tells every run from place {@code from} (0-based) on that it moved up, since a run ahead of it left the queue.
     * Call only while holding {@link #lock}, so that the places told are in order.
     */
    private void announcePlaces(int from) {
        for (int i = from; i < queue.size(); i++) {
            queue.get(i).queuedAt(i + 1);
        }
    }

    private Optional<Run> takeNext() throws InterruptedException {
        lock.lock();
        try {
            while (running && queue.isEmpty()) {
                queued.await();
            }
            if (!running) {
                return Optional.empty();
            }
            Run next = queue.removeFirst();
            announcePlaces(0);
            return Optional.of(next);
        } finally {
            lock.unlock();
        }
    }

    private void dispatch() {
        try {
            for (Optional<Run> next = takeNext(); next.isPresent(); next = takeNext()) {
                execute(next.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void execute(Run run) throws InterruptedException {
        long started = System.nanoTime();
        metrics.started(run);
        run.start();
        try {
            run.finish(measurer.measure(run));
        } catch (EndedEarly e) {
            run.end(run.stopRequested() ? RunState.CANCELLED : RunState.FAILED, e.getMessage());
        } catch (RuntimeException e) {
            log.error("Run {} failed", run.id(), e);
            run.end(RunState.FAILED, "The server could not run this scenario: " + e.getMessage());
        } finally {
            // Count the run before its stream ends: whoever follows the stream may read the metrics next.
            metrics.finished(run, Duration.ofNanos(System.nanoTime() - started));
            run.events().close();
            lock.lock();
            try {
                trimFinished();
            } finally {
                lock.unlock();
            }
        }
    }

    @Override
    public void start() {
        lock.lock();
        try {
            running = true;
        } finally {
            lock.unlock();
        }
        dispatcher = Thread.ofPlatform().name("run-dispatcher").daemon().start(this::dispatch);
    }

    @Override
    public void stop() {
        List<Run> waiting;
        lock.lock();
        try {
            running = false;
            waiting = new ArrayList<>(queue);
            queued.signalAll();
        } finally {
            lock.unlock();
        }
        waiting.forEach(this::stop);
        find(currentlyRunningId()).ifPresent(Run::requestStop);
        try {
            dispatcher.join(Execution.STOP_GRACE.toMillis() * 2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String currentlyRunningId() {
        lock.lock();
        try {
            return runs.values().stream().filter(r -> r.state() == RunState.RUNNING).map(Run::id).findFirst().orElse("");
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isRunning() {
        lock.lock();
        try {
            return running;
        } finally {
            lock.unlock();
        }
    }
}
