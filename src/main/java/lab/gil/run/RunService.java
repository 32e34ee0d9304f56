package lab.gil.run;

import io.micrometer.core.instrument.MeterRegistry;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import lab.gil.run.execution.EndedEarly;
import lab.gil.run.execution.Execution;
import lab.gil.run.measure.RunEngine;
import lab.gil.run.trace.RunTrace;
import lab.gil.scenario.Scenario;
import lab.gil.stream.EventChannel;
import lab.gil.stream.SseStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Service;

/**
 * Admits runs into the {@link RunQueue} and executes the runs it hands this server one at a time, because every run
 * wants all the cores: a class that clicks Run together forms a queue, and each student sees their place in it.
 *
 * <p>Invariants: at most one run executes on this server; every run it executes ends in DONE, FAILED or CANCELLED;
 * the runs it knows (submitted here, or followed from another server) stay findable until the configured number of
 * newer finished runs has pushed them out. The order, the places, and the one run of each submitter are the queue's.
 */
@Service
public class RunService implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RunService.class);
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

    private final RunProperties properties;
    private final RunQueue queue;
    /** The longest a press waits for its submitter's ended run to reach the queue (see addOnceTheLastHasEnded). */
    private static final Duration END_REACHES_QUEUE = Duration.ofSeconds(2);
    private static final Duration END_POLL = Duration.ofMillis(20);
    /** Where runs this server executed are kept once ended, and where runs it does not hold are looked for. */
    private final FinishedRuns keptRuns;
    /** What executes each run, by {@link RunEngine#id()}. */
    private final Map<String, RunEngine> engines;
    private final RunMetrics metrics;
    private final EventChannel.SubscriberCount runSubscribers;
    private final SecureRandom ids = new SecureRandom();

    /** Guards {@link #runs} and {@link #running}. */
    private final Object lock = new Object();
    /** Every known run by id, oldest first, trimmed to the configured number of finished runs. */
    private final Map<String, Run> runs = new LinkedHashMap<>();
    /** Whether the dispatcher should keep taking runs. */
    private boolean running;

    /** The thread that executes runs one after another. */
    private Thread dispatcher;
    /** The run this server is executing, for stop requests from other servers. */
    private volatile Run current;
    /** When {@link #current} started ({@link System#nanoTime}), for a drain that gives it until its time limit. */
    private volatile long currentStartedNanos;

    /** Spring's constructor: a web slice without a database keeps no finished runs beyond memory. */
    @Autowired
    RunService(RunProperties properties, RunQueue queue, ObjectProvider<FinishedRuns> finished,
               List<RunEngine> engines, MeterRegistry registry, SseStreams streams) {
        this(properties, queue, finished.getIfAvailable(() -> FinishedRuns.NONE), engines, registry, streams);
    }

    public RunService(RunProperties properties, RunQueue queue, FinishedRuns finished, List<RunEngine> engines,
                      MeterRegistry registry, SseStreams streams) {
        this.properties = properties;
        this.queue = queue;
        this.keptRuns = finished;
        this.engines = engines.stream().collect(Collectors.toUnmodifiableMap(RunEngine::id, Function.identity()));
        this.metrics = new RunMetrics(registry, this::queueLength);
        this.runSubscribers = streams.countFor("run");
    }

    /** Queues a run of {@code scenario} in the emulation for a submitter of its own, who has no other run. */
    public Run submit(Scenario scenario, String lessonId, String prediction) {
        return submit(Submitter.anonymous(), scenario, lessonId, prediction);
    }

    /** Queues a run of {@code scenario} in the emulation for {@code by}; see {@link #submit(Submitter, String, Scenario, String, String)}. */
    public Run submit(Submitter by, Scenario scenario, String lessonId, String prediction) {
        return submit(by, RunEngine.EMULATION, scenario, lessonId, prediction);
    }

    /**
     * Queues a run of {@code scenario} by the engine named {@code engine} for {@code by}. When {@code by} already has
     * a run waiting, the new run takes its place in the queue and the old one is cancelled.
     *
     * @throws RunQueue.StillRunning when {@code by}'s run is running: it ends or is stopped first
     * @throws RunQueue.Full         when the queue is full
     * @throws IllegalArgumentException when no engine has that name
     */
    public Run submit(Submitter by, String engine, Scenario scenario, String lessonId, String prediction) {
        if (!engines.containsKey(engine)) {
            throw new IllegalArgumentException("No run engine \"" + engine + "\" on this server: " + engines.keySet());
        }
        Run run = new Run(HexFormat.of().formatHex(randomBytes()), scenario, engine, lessonId, prediction, by,
                runSubscribers);
        Optional<Run> replaced = addOnceTheLastHasEnded(run);
        remember(run);
        replaced.ifPresent(r -> metrics.finished(r, Duration.ZERO));
        return run;
    }

    /**
     * Adds {@code run} to the queue. A submitter's run ends on its page (its state, then its event) a moment before
     * the queue hears of it (after the run is kept, and on other servers after its events and row are written): a
     * press made as soon as a page showed the end waits for that moment, {@link #END_REACHES_QUEUE} at most, rather
     * than being told that the run is still running.
     */
    private Optional<Run> addOnceTheLastHasEnded(Run run) {
        long deadline = System.nanoTime() + END_REACHES_QUEUE.toNanos();
        while (true) {
            try {
                return queue.add(run, REPLACED);
            } catch (RunQueue.StillRunning e) {
                // Waits only while the refusal may be stale: the run has ended here, or another server executes it
                // and its end may still be on its way here (its events and its row are written after its page saw it).
                boolean maybeStale = e.running().state().finished() || e.running() != current;
                if (!maybeStale || System.nanoTime() - deadline > 0) {
                    throw e;
                }
                try {
                    Thread.sleep(END_POLL.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /**
     * A run by id: one this server knows; else one that ended and was kept (here before a restart, or on another
     * server); else, with a shared queue, one another server queued or executes. A run known here that ended
     * without its lanes in memory (executed elsewhere, or pushed out by newer runs) is read back with them.
     */
    public Optional<Run> find(String id) {
        Run known;
        synchronized (lock) {
            known = runs.get(id);
        }
        if (known != null && !(known.state().finished() && known.trace().isEmpty())) {
            return Optional.of(known);
        }
        Optional<Run> kept = keptRuns.find(id, runSubscribers);
        if (kept.isPresent()) {
            synchronized (lock) {
                runs.put(id, kept.get());
                trimFinished();
            }
            return kept;
        }
        return known != null ? Optional.of(known) : queue.find(id).map(this::remember);
    }

    /** Keeps {@code run} findable; the run already known by its id, if one is. */
    private Run remember(Run run) {
        synchronized (lock) {
            Run known = runs.putIfAbsent(run.id(), run);
            trimFinished();
            return known != null ? known : run;
        }
    }

    /** The run's place in the queue, 1 for next; 0 when it is not waiting. */
    public int position(Run run) {
        return run.state() == RunState.QUEUED ? queue.position(run) : 0;
    }

    /** Stops a run: a waiting run is cancelled at once, a running one as soon as its workers notice. */
    public void stop(Run run) {
        run.requestStop();
        if (queue.cancel(run, STOPPED_BEFORE_START)) {
            metrics.finished(run, Duration.ZERO);
        } else {
            queue.requestStop(run);
        }
    }

    public int queueLength() {
        return queue.length();
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

    private void dispatch() {
        try {
            for (Optional<Run> next = queue.next(); next.isPresent(); next = queue.next()) {
                execute(remember(next.get()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void execute(Run run) throws InterruptedException {
        long started = System.nanoTime();
        metrics.started(run);
        queue.executing(run);
        currentStartedNanos = started;
        current = run;
        try {
            RunEngine engine = engines.get(run.engine());
            if (engine == null) {
                run.end(RunState.FAILED, "This server has no engine \"" + run.engine() + "\" to run it with.");
            } else {
                run.finish(engine.execute(run.measured(properties.timeLimit())));
            }
        } catch (EndedEarly e) {
            run.end(run.stopRequested() ? RunState.CANCELLED : RunState.FAILED, e.getMessage());
        } catch (RuntimeException e) {
            log.error("Run {} failed", run.id(), e);
            run.end(RunState.FAILED, "The server could not run this scenario: " + e.getMessage());
        } finally {
            // Count the run before its stream ends: whoever follows the stream may read the metrics next.
            metrics.finished(run, Duration.ofNanos(System.nanoTime() - started));
            current = null;
            // Kept before the queue says it ended: a server that reads the end there finds the run kept.
            keptRuns.keep(run);
            queue.executed(run);
            run.events().close();
            synchronized (lock) {
                trimFinished();
            }
        }
    }

    /** Another server asks this one to stop the run it executes. */
    private void stopRequested(String runId) {
        Run executing = current;
        if (executing != null && executing.id().equals(runId)) {
            executing.requestStop();
        }
    }

    @Override
    public void start() {
        synchronized (lock) {
            running = true;
        }
        queue.open(this::stopRequested);
        dispatcher = Thread.ofPlatform().name("run-dispatcher").daemon().start(this::dispatch);
    }

    /**
     * Stops taking runs and lets the running one finish, for a server that is about to stop: it has until its time
     * limit, counted from its start, and is stopped if it runs longer. A shared queue keeps the waiting runs for the
     * other servers; a lone server's are cancelled, saying why, and it refuses new ones.
     */
    public void drain() throws InterruptedException {
        queue.close(SERVER_STOPPING).forEach(run -> metrics.finished(run, Duration.ZERO));
        Thread d = dispatcher;
        if (d == null) {
            return;
        }
        // An idle dispatcher ends at once; a run just taken has its whole time limit.
        Run executing = current;
        long left = properties.timeLimit().toNanos()
                - (executing == null ? 0 : System.nanoTime() - currentStartedNanos);
        if (!d.join(Duration.ofNanos(Math.max(0, left)).plus(Execution.STOP_GRACE))) {
            Run still = current;
            if (still != null) {
                log.warn("Run {} still runs at its time limit while the server stops: stopping it", still.id());
                still.requestStop();
            }
            d.join(Execution.STOP_GRACE.multipliedBy(2));
        }
    }

    @Override
    public void stop() {
        synchronized (lock) {
            running = false;
        }
        queue.close(STOPPED_BEFORE_START).forEach(run -> metrics.finished(run, Duration.ZERO));
        Run executing = current;
        if (executing != null) {
            executing.requestStop();
        }
        try {
            dispatcher.join(Execution.STOP_GRACE.toMillis() * 2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        synchronized (lock) {
            return running;
        }
    }
}
