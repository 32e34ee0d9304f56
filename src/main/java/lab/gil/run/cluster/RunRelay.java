package lab.gil.run.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import lab.gil.broadcast.Broadcasts;
import lab.gil.run.Run;
import lab.gil.run.RunState;
import lab.gil.run.measure.Progress;
import lab.gil.run.summary.RunSummary;
import lab.gil.stream.EncodedJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Feeds the runs this server shows but another server executes ("mirrors") from the shared event table: their
 * streams get the same events with the same ids as on the executing server, so a page follows the run live through
 * any server and resumes after its {@code Last-Event-ID} without a gap.
 *
 * <p>A notification naming a run with new events makes the relay read them at once; every {@link #SWEEP} it also
 * looks at every mirror in one query, so a notification lost while the listening connection was down delays events
 * by a second at most but never loses them.
 */
final class RunRelay implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RunRelay.class);
    static final Duration SWEEP = Duration.ofSeconds(1);

    private final ClusterRuns cluster;
    private final JsonMapper json;
    /** The runs followed, by id. */
    private final Map<String, Mirror> mirrors = new ConcurrentHashMap<>();
    /** Ids of runs heard to have new events, for the relay thread. */
    private final BlockingQueue<String> heard = new LinkedBlockingQueue<>();
    private final Broadcasts.Listening listening;
    private final Thread thread;
    private volatile boolean closed;

    /**
     * A run followed, and the id of the last event it was given. Events are applied under its monitor, and only
     * while {@link #followed}: once {@link #stopFollowing} returns, no event read from the table reaches the run.
     */
    private static final class Mirror {
        final Run run;
        /** Written by the relay thread only. */
        volatile long lastApplied;
        /** Guarded by this mirror's monitor. */
        boolean followed = true;

        Mirror(Run run) {
            this.run = run;
        }
    }

    RunRelay(ClusterRuns cluster) {
        this.cluster = cluster;
        this.json = cluster.json();
        this.listening = cluster.broadcasts().listen(ClusterRuns.EVENTS_TOPIC, this::heard);
        this.thread = Thread.ofPlatform().name("run-relay").daemon().start(this::relay);
    }

    /**
     * Starts feeding {@code run}'s stream from the shared table, from its first event; returns the run followed
     * under its id, which is another when one was followed already.
     */
    Run follow(Run run) {
        Mirror followed = mirrors.putIfAbsent(run.id(), new Mirror(run));
        heard.add(run.id());
        return followed == null ? run : followed.run;
    }

    /** The run followed under {@code id}, if one is. */
    Optional<Run> followed(String id) {
        return Optional.ofNullable(mirrors.get(id)).map(m -> m.run);
    }

    /**
     * Stops feeding {@code run}: this server executes it now, and its own events go to its stream. Waits for an
     * event being applied to it: an event applied after this returns would be this server's own, read back from the
     * table, and published again under a new id (a run that started twice for the pages and the other servers).
     */
    void stopFollowing(Run run) {
        Mirror m = mirrors.remove(run.id());
        if (m != null) {
            synchronized (m) {
                m.followed = false;
            }
        }
    }

    /** Called by the broadcast listener with "id lastEventId": only queues the id, the relay thread reads. */
    private void heard(String payload) {
        int space = payload.indexOf(' ');
        String id = space < 0 ? payload : payload.substring(0, space);
        if (mirrors.containsKey(id)) {
            heard.add(id);
        }
    }

    private void relay() {
        long nextSweep = System.nanoTime() + SWEEP.toNanos();
        while (!closed) {
            try {
                String id = heard.poll(Math.max(1, nextSweep - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (id != null) {
                    catchUp(id);
                }
                if (System.nanoTime() >= nextSweep) {
                    sweep();
                    nextSweep = System.nanoTime() + SWEEP.toNanos();
                }
            } catch (InterruptedException e) {
                return;
            } catch (DataAccessException e) {
                log.warn("Relaying run events failed ({}); trying again at the next sweep", e.getMessage());
            } catch (RuntimeException e) {
                // A bug must not end the relay for the server's life: every page following another server's run
                // would stop moving.
                log.error("Relaying run events failed; trying again at the next sweep", e);
            }
        }
    }

    /** Catches up every mirror that is behind the table, found with one query. */
    private void sweep() {
        Map<String, Long> last = cluster.lastEventIds(new ArrayList<>(mirrors.keySet()));
        last.forEach((id, lastId) -> {
            Mirror m = mirrors.get(id);
            if (m != null && m.lastApplied < lastId) {
                catchUp(id);
            }
        });
    }

    private void catchUp(String id) {
        Mirror m = mirrors.get(id);
        if (m == null) {
            return;
        }
        List<ClusterRuns.Event> events = cluster.eventsAfter(id, m.lastApplied);
        synchronized (m) {
            if (!m.followed) {
                return;
            }
            for (ClusterRuns.Event e : events) {
                if (e.id() != m.lastApplied + 1) {
                    log.warn("Run {}: event {} follows {}; the stream's ids would differ from the executing server's",
                            id, e.id(), m.lastApplied);
                }
                apply(m.run, e);
                m.lastApplied = e.id();
            }
            if (m.run.state().finished()) {
                m.run.events().close();
                mirrors.remove(id, m);
                m.followed = false;
            }
        }
    }

    /** Takes the run's state from the event, then hands the event to the run's stream exactly as it was sent. */
    private void apply(Run run, ClusterRuns.Event e) {
        try {
            switch (e.name()) {
                case "state" -> {
                    Run.StateEvent s = json.readValue(e.json(), Run.StateEvent.class);
                    run.mirrorState(RunState.valueOf(s.state().toUpperCase(java.util.Locale.ROOT)), s.message());
                }
                case "progress" -> run.mirrorProgress(json.readValue(e.json(), Progress.class));
                case "summary" -> run.mirrorSummary(json.readValue(e.json(), RunSummary.class));
                default -> {
                    // Lanes and workers only go to the stream.
                }
            }
        } catch (JacksonException | IllegalArgumentException ex) {
            log.warn("Run {}: could not read its {} event ({}); the page still gets it", run.id(), e.name(), ex.getMessage());
        }
        run.events().publish(e.name(), new EncodedJson(e.json()));
    }

    @Override
    public void close() {
        closed = true;
        listening.close();
        thread.interrupt();
    }
}
