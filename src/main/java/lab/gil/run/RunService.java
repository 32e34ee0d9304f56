package lab.gil.run;

import io.micrometer.core.instrument.MeterRegistry;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import lab.gil.broadcast.Broadcasts;
import lab.gil.cores.CoreSampler;
import lab.gil.interpreter.Calibration;
import lab.gil.process.WorkerPool;
import lab.gil.run.execution.EndedEarly;
import lab.gil.run.execution.Execution;
import lab.gil.run.scenario.Scenario;
import lab.gil.run.scenario.ScenarioParser;
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
 * Admits runs fairly and executes them one at a time, because every run wants all the cores: a class that clicks
 * Run together forms a queue, and each student sees their place in it.
 *
 * <p>Invariants: at most one run is RUNNING; a submitter has at most one run waiting or running; a run leaves the
 * queue only to run or to be cancelled (also when its submitter's newer run replaces it); every run ends in DONE,
 * FAILED or CANCELLED. Waiting runs start in {@link FairQueue}'s order (an instructor's first, then each class and
 * each lone session in turn), and a waiting run's {@link #position} is its place in that order.
 *
 * <p>With {@link ClusterRuns} (several servers on one PostgreSQL), the queue is the shared table instead of
 * {@link #queue}: this server still executes one run at a time, claiming the next queued run of any server
 * whenever it is free, and shows the runs other servers execute by relaying their events ({@link RunRelay}).
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
    private static final String STOPPED_BEFORE_START = "Stopped before it started.";
    private static final String REPLACED = "Replaced by your newer run, which took its place in the queue.";
    static final String SERVER_STOPPING = "The server is stopping for a restart, so this run did not start."
            + " Press Run again in a minute.";
    /** How long the shared table keeps a run after it ended: pages following it have long finished. */
    private static final Duration FORGET_SHARED_RUNS_AFTER = Duration.ofHours(1);

    private final RunProperties properties;
    /** Measures each run; used only by the dispatcher thread. */
    private final RunMeasurer measurer;
    private final RunMetrics metrics;
    private final EventChannel.SubscriberCount runSubscribers;
    private final SecureRandom ids = new SecureRandom();

    /**
     * Guards {@link #queue}, {@link #runs}, {@link #activeBySubmitter} and {@link #running}; {@link #queued} is
     * signalled when a run is added.
     */
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition queued = lock.newCondition();
    /** Runs waiting, in the order they will start. */
    private final FairQueue<Run> queue = new FairQueue<>();
    /** Each submitter's one run that is waiting or running, by submitter id. */
    private final Map<String, Run> activeBySubmitter = new HashMap<>();
    /** Every known run by id, oldest first, trimmed to the configured number of finished runs. */
    private final Map<String, Run> runs = new LinkedHashMap<>();
    /** Whether the service is started: cleared by {@link #stop}. */
    private boolean running;
    /** Whether the dispatcher takes runs: cleared by {@link #drain}, when the server is about to stop. */
    private boolean takingRuns = true;

    /** The thread that executes runs one after another. */
    private Thread dispatcher;

    /** The shared queue of several servers; null when this server is alone and keeps its queue in memory. */
    private final ClusterRuns cluster;
    /** Feeds the runs other servers execute; null without a cluster. */
    private RunRelay relay;
    private Broadcasts.Listening queuedListening;
    private Broadcasts.Listening stopListening;
    private Thread lease;
    /** The run this server is executing, for stop requests from other servers. */
    private volatile Run current;
    /** When {@link #current} started ({@link System#nanoTime}), for a drain that gives it until its time limit. */
    private volatile long currentStartedNanos;

    /**
     * Spring's constructor: the worker pool and the core sampler are optional, so that a web slice without them
     * still starts.
     */
    @Autowired
    RunService(RunProperties properties, ServerCalibration calibration, MeterRegistry registry, SseStreams streams,
               ObjectProvider<WorkerPool> workerPool, ObjectProvider<CoreSampler> sampler,
               ObjectProvider<ClusterRuns> cluster) {
        this(properties, calibration, registry, streams, workerPool.getIfAvailable(), sampler.getIfAvailable(),
                cluster.getIfAvailable());
    }

    /** A run queue whose summaries say nothing of other work on the machine: there is no sampler to tell. */
    public RunService(RunProperties properties, Calibration calibration, MeterRegistry registry, SseStreams streams,
                      WorkerPool workerPool) {
        this(properties, calibration, registry, streams, workerPool, null);
    }

    /** A run queue whose summaries say how much of the machine other work took, as {@code sampler} saw it. */
    public RunService(RunProperties properties, Calibration calibration, MeterRegistry registry, SseStreams streams,
                      WorkerPool workerPool, CoreSampler sampler) {
        this(properties, ServerCalibration.of(calibration), registry, streams, workerPool, sampler, null);
    }

    /** One of several servers sharing {@code cluster}'s queue. */
    RunService(RunProperties properties, Calibration calibration, MeterRegistry registry, SseStreams streams,
               ClusterRuns cluster) {
        this(properties, ServerCalibration.of(calibration), registry, streams, null, null, cluster);
    }

    private RunService(RunProperties properties, ServerCalibration calibration, MeterRegistry registry,
                       SseStreams streams, WorkerPool workerPool, CoreSampler sampler, ClusterRuns cluster) {
        this.properties = properties;
        this.cluster = cluster;
        this.measurer = new RunMeasurer(calibration, workerPool, sampler, properties.timeLimit());
        this.metrics = new RunMetrics(registry, this::queueLength);
        this.runSubscribers = streams.countFor("run");
    }

    /** A run queue for threads only: a process scenario fails with a message saying so. */
    public RunService(RunProperties properties, Calibration calibration, MeterRegistry registry, SseStreams streams) {
        this(properties, calibration, registry, streams, (WorkerPool) null);
    }

    /** Queues a run of {@code scenario} for a submitter of its own, who has no other run. */
    public Run submit(Scenario scenario, String lessonId, String prediction) {
        return submit(Submitter.anonymous(), scenario, lessonId, prediction);
    }

    /**
     * Queues a run of {@code scenario} for {@code by}. When {@code by} already has a run waiting, the new run takes
     * its place in the queue and the old one is cancelled: a student who pressed Run again changed their mind about
     * what to run, not about when.
     *
     * @throws StillRunningException when {@code by}'s run is running: it ends or is stopped first
     * @throws QueueFullException    when the queue is full
     */
    public Run submit(Submitter by, Scenario scenario, String lessonId, String prediction) {
        if (cluster != null) {
            return submitToCluster(by, scenario, lessonId, prediction);
        }
        Run replaced;
        Run run;
        lock.lock();
        try {
            if (!takingRuns) {
                throw new ServerStoppingException();
            }
            Run previous = activeBySubmitter.get(by.id());
            if (previous != null && previous.state() == RunState.RUNNING) {
                throw new StillRunningException(previous);
            }
            // A run leaves the queue and starts under this lock, so a QUEUED run here is still waiting.
            replaced = previous != null && previous.state() == RunState.QUEUED ? previous : null;
            if (replaced == null && queue.size() >= properties.queueCapacity()) {
                throw new QueueFullException(properties.queueCapacity());
            }
            run = newRun(HexFormat.of().formatHex(randomBytes()), scenario, lessonId, prediction, by);
            String id = run.id();
            if (replaced != null) {
                queue.replace(replaced, run);
            } else {
                queue.add(run, by);
            }
            activeBySubmitter.put(by.id(), run);
            announcePlaces();
            runs.put(id, run);
            trimFinished();
            queued.signalAll();
        } finally {
            lock.unlock();
        }
        if (replaced != null) {
            replaced.requestStop();
            cancelWaiting(replaced, REPLACED);
        }
        return run;
    }

    private Run newRun(String id, Scenario scenario, String lessonId, String prediction, Submitter by) {
        return new Run(id, scenario, lessonId, prediction, by,
                new EventChannel("run", RUN_EVENT_HISTORY, RUN_EVENT_MAILBOX, runSubscribers));
    }

    /**
     * Queues a run in the shared table, where whichever server is free first claims it, and follows it meanwhile.
     * The submitter's rules are the one server's: one run at a time, a newer run replaces the waiting one in its
     * place. They hold for the runs submitted through this server (a load balancer keeps a browser on one server).
     */
    private Run submitToCluster(Submitter by, Scenario scenario, String lessonId, String prediction) {
        Run previous;
        lock.lock();
        try {
            previous = activeBySubmitter.get(by.id());
        } finally {
            lock.unlock();
        }
        if (previous != null && previous.state() == RunState.RUNNING) {
            throw new StillRunningException(previous);
        }
        Long place = null;
        if (previous != null && previous.state() == RunState.QUEUED) {
            place = cluster.cancelQueuedReturningPlace(previous.id(), REPLACED);
            if (place == null) {
                // A server claimed it meanwhile: it is running now.
                throw new StillRunningException(previous);
            }
            previous.mirrorState(RunState.CANCELLED, REPLACED);
            metrics.finished(previous, Duration.ZERO);
        } else if (cluster.queueLength() >= properties.queueCapacity()) {
            throw new QueueFullException(properties.queueCapacity());
        }
        Run run = newRun(HexFormat.of().formatHex(randomBytes()), scenario, lessonId, prediction, by);
        lock.lock();
        try {
            runs.put(run.id(), run);
            activeBySubmitter.put(by.id(), run);
            trimFinished();
        } finally {
            lock.unlock();
        }
        relay.follow(run);
        cluster.enqueue(run, ScenarioParser.knobsOf(scenario), place);
        return run;
    }

    /** A run by id: one this server knows, or, in a cluster, one another server queued or executes. */
    public Optional<Run> find(String id) {
        lock.lock();
        try {
            Run known = runs.get(id);
            if (known != null || cluster == null) {
                return Optional.ofNullable(known);
            }
        } finally {
            lock.unlock();
        }
        return cluster.find(id).flatMap(this::mirror);
    }

    /** This server's copy of a run of the shared queue, fed by the relay; empty if its knobs no longer parse. */
    private Optional<Run> mirror(ClusterRuns.Row row) {
        if (!(ScenarioParser.parse(row.knobs()) instanceof ScenarioParser.Result.Valid(Scenario scenario))) {
            log.warn("Run {} of the shared queue has knobs this server cannot run: {}", row.runId(), row.knobs());
            return Optional.empty();
        }
        Run run;
        lock.lock();
        try {
            run = runs.get(row.runId());
            if (run != null) {
                return Optional.of(run);
            }
            run = newRun(row.runId(), scenario, row.lessonId(), row.prediction(), row.submitter());
            run.mirrorState(row.state(), row.message());
            runs.put(run.id(), run);
            trimFinished();
        } finally {
            lock.unlock();
        }
        relay.follow(run);
        return Optional.of(run);
    }

    /** The run's place in the queue, 1 for next; 0 when it is not waiting. */
    public int position(Run run) {
        if (cluster != null) {
            return run.state() == RunState.QUEUED ? cluster.position(run.id()) : 0;
        }
        lock.lock();
        try {
            return queue.position(run);
        } finally {
            lock.unlock();
        }
    }

    /** Stops a run: a waiting run is cancelled at once, a running one as soon as its workers notice. */
    public void stop(Run run) {
        run.requestStop();
        if (cluster != null) {
            if (cluster.cancelQueued(run.id(), STOPPED_BEFORE_START)) {
                // The relay brings the same state with its event; taken now so that the answer already shows it.
                run.mirrorState(RunState.CANCELLED, STOPPED_BEFORE_START);
                metrics.finished(run, Duration.ZERO);
            } else {
                cluster.requestStop(run.id());
            }
            return;
        }
        boolean wasQueued;
        lock.lock();
        try {
            wasQueued = queue.remove(run);
            if (wasQueued) {
                activeBySubmitter.remove(run.submitter().id(), run);
                announcePlaces();
            }
        } finally {
            lock.unlock();
        }
        if (wasQueued) {
            cancelWaiting(run, STOPPED_BEFORE_START);
        }
    }

    /** Ends a run that was taken out of the queue before it started. */
    private void cancelWaiting(Run run, String why) {
        run.end(RunState.CANCELLED, why);
        metrics.finished(run, Duration.ZERO);
        run.events().close();
    }

    public int queueLength() {
        if (cluster != null) {
            return cluster.queueLength();
        }
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
     * Tells every waiting run whose place changed where it waits now: a run joined (an instructor's goes ahead of
     * everyone), left or started. Call only while holding {@link #lock}, so that the places told are in order.
     */
    private void announcePlaces() {
        for (Run waiting : queue.items()) {
            waiting.queuedAt(queue.position(waiting));
        }
    }

    private Optional<Run> takeNext() throws InterruptedException {
        if (cluster != null) {
            return claimNext();
        }
        lock.lock();
        try {
            while (running && takingRuns && queue.isEmpty()) {
                queued.await();
            }
            if (!running || !takingRuns) {
                return Optional.empty();
            }
            Optional<Run> next = queue.takeNext();
            // Started under the lock: a second Run press of its submitter sees it running, not waiting.
            next.ifPresent(Run::start);
            announcePlaces();
            return next;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Claims the oldest run of the shared queue, waiting while there is none: a message that a run was queued
     * wakes this thread, and it looks again every {@link RunRelay#SWEEP} anyway (a message can be lost).
     */
    private Optional<Run> claimNext() throws InterruptedException {
        while (true) {
            lock.lock();
            try {
                if (!running || !takingRuns) {
                    return Optional.empty();
                }
            } finally {
                lock.unlock();
            }
            Optional<ClusterRuns.Row> claimed;
            try {
                claimed = cluster.claim();
            } catch (org.springframework.dao.DataAccessException e) {
                log.warn("Could not look for queued runs ({}); trying again", e.getMessage());
                claimed = Optional.empty();
            }
            if (claimed.isPresent()) {
                ClusterRuns.Row row = claimed.get();
                Optional<Run> run = find(row.runId());
                if (run.isEmpty()) {
                    cluster.finish(row.runId(), RunState.FAILED, "This server cannot run these knobs: " + row.knobs());
                    continue;
                }
                relay.stopFollowing(run.get());
                lock.lock();
                try {
                    // Started under the lock, as from the local queue: a second Run press sees it running.
                    run.get().start();
                } finally {
                    lock.unlock();
                }
                return run;
            }
            lock.lock();
            try {
                if (running && takingRuns) {
                    queued.await(RunRelay.SWEEP.toMillis(), TimeUnit.MILLISECONDS);
                }
            } finally {
                lock.unlock();
            }
        }
    }

    private void wakeDispatcher() {
        lock.lock();
        try {
            queued.signalAll();
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
        if (cluster != null) {
            RunEventRecorder.record(run, cluster);
        }
        currentStartedNanos = System.nanoTime();
        current = run;
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
            current = null;
            if (cluster != null && !finishInCluster(run)) {
                log.warn("Run {} ended here after the other servers had failed it: this server missed its lease", run.id());
            }
            run.events().close();
            lock.lock();
            try {
                activeBySubmitter.remove(run.submitter().id(), run);
                trimFinished();
            } finally {
                lock.unlock();
            }
        }
    }

    private boolean finishInCluster(Run run) {
        try {
            return cluster.finish(run.id(), run.state(), run.message());
        } catch (org.springframework.dao.DataAccessException e) {
            log.warn("Could not record the end of run {} ({})", run.id(), e.getMessage());
            return false;
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
        if (cluster != null) {
            joinCluster();
        }
        dispatcher = Thread.ofPlatform().name("run-dispatcher").daemon().start(this::dispatch);
    }

    /**
     * Takes out this server's lease, listens for queued runs and stop requests, and starts the lease thread, which
     * renews the lease and fails the runs of servers whose lease lapsed.
     */
    private void joinCluster() {
        cluster.heartbeat();
        relay = new RunRelay(cluster);
        queuedListening = cluster.broadcasts().listen(ClusterRuns.QUEUED_TOPIC, id -> wakeDispatcher());
        stopListening = cluster.broadcasts().listen(ClusterRuns.STOP_TOPIC, id -> {
            Run r = current;
            if (r != null && r.id().equals(id)) {
                r.requestStop();
            }
        });
        lease = Thread.ofPlatform().name("cluster-lease").daemon().start(this::keepLease);
        log.info("Sharing the run queue with other servers as {}", cluster.serverId());
    }

    private void keepLease() {
        long nextCleanUp = 0;
        while (isRunning()) {
            try {
                cluster.heartbeat();
                int failed = cluster.failRunsOfDeadServers();
                if (failed > 0) {
                    log.warn("Failed {} run(s) of servers that stopped answering", failed);
                }
                if (System.nanoTime() > nextCleanUp) {
                    cluster.forgetEndedBefore(FORGET_SHARED_RUNS_AFTER);
                    nextCleanUp = System.nanoTime() + Duration.ofMinutes(1).toNanos();
                }
            } catch (org.springframework.dao.DataAccessException e) {
                log.warn("Could not renew this server's lease ({})", e.getMessage());
            }
            try {
                Thread.sleep(ClusterRuns.HEARTBEAT);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * Stops taking runs and lets the running one finish, for a server that is about to stop: it has until its time
     * limit, counted from its start, and is stopped if it runs longer. In a cluster the waiting runs stay in the
     * shared queue for the other servers; a lone server cancels them, saying why, and refuses new ones.
     */
    public void drain() throws InterruptedException {
        List<Run> waiting;
        lock.lock();
        try {
            takingRuns = false;
            waiting = cluster == null ? queue.items() : List.of();
            for (Run r : waiting) {
                queue.remove(r);
                activeBySubmitter.remove(r.submitter().id(), r);
            }
            queued.signalAll();
        } finally {
            lock.unlock();
        }
        waiting.forEach(r -> cancelWaiting(r, SERVER_STOPPING));
        Thread d = dispatcher;
        if (d == null) {
            return;
        }
        // An idle dispatcher ends at once; a run just claimed has its whole time limit.
        long left = properties.timeLimit().toNanos()
                - (current == null ? 0 : System.nanoTime() - currentStartedNanos);
        if (!d.join(Duration.ofNanos(Math.max(0, left)).plus(Execution.STOP_GRACE))) {
            Run executing = current;
            if (executing != null) {
                log.warn("Run {} still runs at its time limit while the server stops: stopping it", executing.id());
                executing.requestStop();
            }
            d.join(Execution.STOP_GRACE.multipliedBy(2));
        }
    }

    @Override
    public void stop() {
        List<Run> waiting;
        lock.lock();
        try {
            running = false;
            waiting = queue.items();
            queued.signalAll();
        } finally {
            lock.unlock();
        }
        // In a cluster the queued runs are the other servers' to take; only the local queue is cancelled.
        waiting.forEach(this::stop);
        Run executing = current;
        if (executing != null) {
            executing.requestStop();
        }
        try {
            dispatcher.join(Execution.STOP_GRACE.toMillis() * 2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (cluster != null) {
            leaveCluster();
        }
    }

    private void leaveCluster() {
        lease.interrupt();
        queuedListening.close();
        stopListening.close();
        relay.close();
        try {
            cluster.leave();
        } catch (org.springframework.dao.DataAccessException e) {
            log.warn("Could not give up this server's lease ({}); it lapses by itself", e.getMessage());
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
