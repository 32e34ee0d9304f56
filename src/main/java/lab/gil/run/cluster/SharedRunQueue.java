package lab.gil.run.cluster;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import lab.gil.broadcast.Broadcasts;
import lab.gil.machine.ServerCalibration;
import lab.gil.run.Run;
import lab.gil.run.RunProperties;
import lab.gil.run.RunQueue;
import lab.gil.run.RunState;
import lab.gil.scenario.Scenario;
import lab.gil.scenario.ScenarioParser;
import lab.gil.stream.EventChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;

/**
 * The run queue that several servers share, in PostgreSQL ({@link ClusterRuns}): a run queued through any server
 * waits in one table, in the local fair queue's order, and whichever server is free first claims it. This server
 * shows the runs other servers execute by relaying their events ({@link RunRelay}), shares the events of the runs it
 * executes ({@link RunEventRecorder}), and keeps its {@link Lease}, without which the others fail its running run.
 *
 * <p>A submitter's one run at a time holds across servers: the table is asked, under a lock per submitter.
 *
 * <p>A server claims nothing while it measures the machine after its start: the others, measured, run the class's
 * runs meanwhile. A server restarted under a class of 100 claimed runs at once and each waited out its 46 s of
 * measuring while the other server was free.
 */
public final class SharedRunQueue implements RunQueue {

    private static final Logger log = LoggerFactory.getLogger(SharedRunQueue.class);

    private final ClusterRuns cluster;
    private final int capacity;
    /** Counts the viewers of the runs this queue makes to show another server's run. */
    private final EventChannel.SubscriberCount viewers;

    /**
     * Guards {@link #open}, {@link #executing} and the state of the cluster parts below;
     * {@link #wake} is signalled when a run was queued anywhere or the queue closes.
     */
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private boolean open;
    /** The run this server executes; null when none. */
    private Run executing;
    /**
     * True while the dispatcher claims a run in the table: a run claimed there is this server's to execute, so the
     * lease must outlive the claim even when the queue closes meanwhile (guarded by lock). Without it a server that
     * stopped between a claim and its start gave up its lease, and another server failed a run it then executed.
     */
    private boolean claiming;
    /** Whether this server's measurement has ended (guarded by lock): until then it claims no run. */
    private boolean measured;
    /** When this server claims runs even if it is still measuring (the measurement's own limit; guarded by lock). */
    private long claimAnywayAt;
    /** Feeds the runs other servers execute; made when the queue opens. */
    private RunRelay relay;
    private Lease lease;
    private Broadcasts.Listening queuedListening;
    private Broadcasts.Listening stopListening;

    SharedRunQueue(ClusterRuns cluster, RunProperties properties, EventChannel.SubscriberCount viewers,
                   ServerCalibration calibration) {
        this.cluster = cluster;
        this.capacity = properties.queueCapacity();
        this.viewers = viewers;
        calibration.whenMeasured(this::measured);
    }

    /**
     * The new run goes into the table unless its submitter has a run running on any server; a waiting run of
     * theirs, submitted through any server, is cancelled there and the new one takes its place. The submitter is
     * one person (a session, which the database shares between servers, or a class member), so the one run each
     * holds across servers, whichever server the load balancer sends each press to.
     */
    @Override
    public Optional<Run> add(Run run, String replacedWhy) {
        relay().follow(run);
        ClusterRuns.Admission admission;
        try {
            admission = cluster.admit(run, ScenarioParser.knobsOf(run.scenario()), replacedWhy, capacity);
        } catch (RuntimeException e) {
            relay().stopFollowing(run);
            throw e;
        }
        return switch (admission) {
            case ClusterRuns.Admission.Queued(String replacedId) -> Optional.ofNullable(replacedId)
                    .flatMap(this::find).map(replaced -> {
                        // The relay brings the same state with its event; taken now so that the answer shows it.
                        replaced.requestStop();
                        replaced.mirrorState(RunState.CANCELLED, replacedWhy);
                        return replaced;
                    });
            case ClusterRuns.Admission.StillRunning(String runningId) -> {
                relay().stopFollowing(run);
                throw new StillRunning(find(runningId).orElse(run));
            }
            case ClusterRuns.Admission.Full() -> {
                relay().stopFollowing(run);
                throw new Full(capacity);
            }
        };
    }

    @Override
    public boolean cancel(Run run, String why) {
        if (!cluster.cancelQueued(run.id(), why)) {
            return false;
        }
        // The relay brings the same state with its event; taken now so that the answer already shows it.
        run.mirrorState(RunState.CANCELLED, why);
        return true;
    }

    @Override
    public void requestStop(Run run) {
        cluster.requestStop(run.id());
    }

    @Override
    public int position(Run run) {
        return cluster.position(run.id());
    }

    @Override
    public int length() {
        return cluster.queueLength();
    }

    @Override
    public Optional<Run> find(String id) {
        return relay().followed(id).or(() -> cluster.find(id).flatMap(this::follow));
    }

    /**
     * The run of a row of the table, as this server shows it: the one it executes, or one followed by the relay;
     * empty if its knobs no longer parse. Under the lock, so that a page asking for the run this server has just
     * claimed gets that run, never a second one fed from the table.
     */
    private Optional<Run> follow(ClusterRuns.Row row) {
        lock.lock();
        try {
            if (executing != null && executing.id().equals(row.runId())) {
                return Optional.of(executing);
            }
            Optional<Run> followed = relay().followed(row.runId());
            if (followed.isPresent()) {
                return followed;
            }
            if (!(ScenarioParser.parse(row.knobs()) instanceof ScenarioParser.Result.Valid(Scenario scenario))) {
                log.warn("Run {} of the shared queue has knobs this server cannot run: {}", row.runId(), row.knobs());
                return Optional.empty();
            }
            Run run = new Run(row.runId(), scenario, row.engine(), row.lessonId(), row.prediction(), row.submitter(),
                    viewers);
            run.mirrorState(row.state(), row.message());
            return Optional.of(relay().follow(run));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes out this server's lease, listens for queued runs and stop requests, and starts relaying the runs other
     * servers execute.
     */
    @Override
    public void open(Consumer<String> stopRequests) {
        lock.lock();
        try {
            open = true;
            claimAnywayAt = System.nanoTime() + ServerCalibration.WAIT_LIMIT.toNanos();
            lease = new Lease(cluster);
            relay = new RunRelay(cluster);
            queuedListening = cluster.broadcasts().listen(ClusterRuns.QUEUED_TOPIC, id -> wake());
            stopListening = cluster.broadcasts().listen(ClusterRuns.STOP_TOPIC, stopRequests::accept);
        } finally {
            lock.unlock();
        }
        log.info("Sharing the run queue with other servers as {}", cluster.serverId());
    }

    private RunRelay relay() {
        lock.lock();
        try {
            if (relay == null) {
                throw new IllegalStateException("the shared run queue is not open yet");
            }
            return relay;
        } finally {
            lock.unlock();
        }
    }

    private void measured() {
        lock.lock();
        try {
            measured = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void wake() {
        lock.lock();
        try {
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Claims the next run of the shared queue, waiting while there is none: a message that a run was queued wakes
     * this thread, and it looks again every {@link RunRelay#SWEEP} anyway (a message can be lost).
     */
    @Override
    public Optional<Run> next() throws InterruptedException {
        while (true) {
            lock.lock();
            try {
                long left = claimAnywayAt - System.nanoTime();
                while (open && !measured && left > 0) {
                    left = wake.awaitNanos(left);
                }
                if (!open) {
                    return Optional.empty();
                }
                claiming = true;
            } finally {
                lock.unlock();
            }
            Optional<ClusterRuns.Row> claimed;
            try {
                claimed = cluster.claim();
            } catch (DataAccessException e) {
                log.warn("Could not look for queued runs ({}); trying again", e.getMessage());
                claimed = Optional.empty();
            }
            Optional<Run> run = Optional.empty();
            if (claimed.isPresent()) {
                ClusterRuns.Row row = claimed.get();
                run = follow(row);
                if (run.isEmpty()) {
                    cluster.finish(row.runId(), RunState.FAILED, "This server cannot run these knobs: " + row.knobs());
                }
            }
            boolean leaveNow;
            lock.lock();
            try {
                claiming = false;
                if (run.isPresent()) {
                    // The relay feeds it no more (it would read this server's own events back), and a page asking
                    // for it from now on gets this run (follow). Started under the lock, as from the local queue: a
                    // second Run press sees it running. Claimed, it is executed even if the queue closed meanwhile
                    // (a stopping server drains its run).
                    relay.stopFollowing(run.get());
                    run.get().start();
                    executing = run.get();
                    return run;
                }
                leaveNow = !open;
            } finally {
                lock.unlock();
            }
            if (leaveNow) {
                // close() found a claim under way and left the lease to it.
                leave();
                return Optional.empty();
            }
            if (claimed.isPresent()) {
                continue;
            }
            lock.lock();
            try {
                if (open) {
                    wake.await(RunRelay.SWEEP.toMillis(), TimeUnit.MILLISECONDS);
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /** Pages served by the other servers follow it through the shared event table. */
    @Override
    public void executing(Run run) {
        RunEventRecorder.record(run, cluster);
    }

    @Override
    public void executed(Run run) {
        boolean leave;
        lock.lock();
        try {
            executing = null;
            leave = !open;
        } finally {
            lock.unlock();
        }
        if (!finish(run)) {
            log.warn("Run {} ended here after the other servers had failed it: this server missed its lease", run.id());
        }
        if (leave) {
            leave();
        }
    }

    private boolean finish(Run run) {
        try {
            return cluster.finish(run.id(), run.state(), run.message());
        } catch (DataAccessException e) {
            log.warn("Could not record the end of run {} ({})", run.id(), e.getMessage());
            return false;
        }
    }

    /**
     * Stops claiming runs; the queued ones are the other servers' to take, so none is cancelled. The lease is kept
     * until the run this server executes has ended, so that the others do not fail it meanwhile.
     */
    @Override
    public List<Run> close(String why) {
        boolean leave;
        lock.lock();
        try {
            if (!open) {
                return List.of();
            }
            open = false;
            wake.signalAll();
            leave = executing == null && !claiming;
        } finally {
            lock.unlock();
        }
        if (leave) {
            leave();
        }
        return List.of();
    }

    /** Gives up the lease and stops listening and relaying. */
    private void leave() {
        lock.lock();
        try {
            if (lease == null) {
                return;
            }
            lease.close();
            queuedListening.close();
            stopListening.close();
            relay.close();
            lease = null;
        } finally {
            lock.unlock();
        }
    }
}
