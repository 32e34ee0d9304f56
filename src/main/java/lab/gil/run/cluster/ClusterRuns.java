package lab.gil.run.cluster;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import lab.gil.broadcast.Broadcasts;
import lab.gil.run.Run;
import lab.gil.run.RunState;
import lab.gil.run.Submitter;
import lab.gil.stream.StreamEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The run queue that several servers share, in PostgreSQL: which runs wait, which server executes which, every
 * event they published, and each server's lease.
 *
 * <p>A free server claims the oldest queued run with {@code FOR UPDATE SKIP LOCKED}, so two servers never claim the
 * same run and neither waits for the other's lock: each run is executed exactly once. A server renews its lease every
 * {@link #HEARTBEAT}; when a lease is older than {@link #LEASE}, any other server fails that server's running run with
 * a message saying why (it is never executed twice: its work may have half happened), and the queued runs, which
 * belong to no server, are simply claimed by the others.
 */
public final class ClusterRuns {

    /** How often a server renews its lease. */
    static final Duration HEARTBEAT = Duration.ofSeconds(1);
    /**
     * A server that has not renewed its lease for this long is taken for dead. Many heartbeats: for GC pauses, and for
     * a server that has just started, whose start-up measurement of its machine holds every core for seconds (at 6 s,
     * a restarted server's running run was failed by the other while it was still running it, on two busy cores).
     */
    static final Duration LEASE = Duration.ofSeconds(15);
    /** Topic of a message naming a run that has new events ("id lastEventId"). */
    static final String EVENTS_TOPIC = "cluster/run-events";
    /** Topic of a message saying a run was queued: free servers look for work. */
    static final String QUEUED_TOPIC = "cluster/run-queued";
    /** Topic of a message asking the server that executes a run to stop it (the payload is its id). */
    static final String STOP_TOPIC = "cluster/run-stop";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Broadcasts broadcasts;
    private final JsonMapper json;
    private final String serverId;

    ClusterRuns(JdbcTemplate jdbc, TransactionTemplate transactions, Broadcasts broadcasts, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
        this.transactions = transactions;
        this.broadcasts = broadcasts;
        byte[] random = new byte[4];
        new SecureRandom().nextBytes(random);
        this.serverId = hostName() + "-" + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(random);
    }

    /** This server's name in the tables: host, process and a random part, new at every start. */
    String serverId() {
        return serverId;
    }

    Broadcasts broadcasts() {
        return broadcasts;
    }

    JsonMapper json() {
        return json;
    }

    private static final TypeReference<Map<String, String>> KNOBS = new TypeReference<>() {};

    private static final String ROW_COLUMNS = "run_id, submitter_id, submitter_group, instructor, knobs, engine,"
            + " lesson_id, prediction, state, executed_by, message";

    /** A row of the shared queue. */
    record Row(String runId, Submitter submitter, Map<String, String> knobs, String engine, String lessonId,
               String prediction, RunState state, String executedBy, String message) {}

    /** A stored event of a run, with the id its stream gave it. */
    record Event(long id, String name, String json) {}

    /** What {@link #admit} did with a run. */
    sealed interface Admission {
        /** Queued; it took the place of {@code replacedRunId}, the submitter's waiting run, when that is not null. */
        record Queued(String replacedRunId) implements Admission {}

        /** Refused: the submitter's run {@code runId} is running, on some server. */
        record StillRunning(String runId) implements Admission {}

        /** Refused: the queue holds as many runs as it may. */
        record Full() implements Admission {}
    }

    /**
     * Queues a run unless its submitter has one running on any server; a waiting one of theirs, submitted through
     * any server, is cancelled with {@code replacedWhy} and the new run takes its place. One transaction holding the
     * submitter's advisory lock, so that two presses of one person on two servers at once cannot both get in, and
     * holding the waiting row's lock, so that no server claims it meanwhile.
     */
    Admission admit(Run run, Map<String, String> knobs, String replacedWhy, int capacity) {
        Submitter by = run.submitter();
        Admission admission = transactions.execute(status -> {
            jdbc.queryForList("SELECT pg_advisory_xact_lock(hashtext(?))", by.id());
            List<String[]> active = jdbc.query("SELECT run_id, state, place FROM cluster_runs WHERE submitter_id = ?"
                            + " AND state IN ('queued', 'running') ORDER BY seq DESC FOR UPDATE",
                    (rs, n) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)}, by.id());
            String[] running = active.stream().filter(a -> a[1].equals("running")).findFirst().orElse(null);
            if (running != null) {
                return new Admission.StillRunning(running[0]);
            }
            String[] waiting = active.isEmpty() ? null : active.getFirst();
            if (waiting == null && queueLength() >= capacity) {
                return new Admission.Full();
            }
            if (waiting != null) {
                jdbc.update("UPDATE cluster_runs SET state = 'cancelled', message = ?, ended_at = CURRENT_TIMESTAMP"
                        + " WHERE run_id = ?", replacedWhy, waiting[0]);
            }
            insert(run, knobs, waiting == null ? null : Long.valueOf(waiting[2]));
            return new Admission.Queued(waiting == null ? null : waiting[0]);
        });
        if (admission instanceof Admission.Queued(String replaced)) {
            if (replaced != null) {
                appendEnd(replaced, RunState.CANCELLED, replacedWhy);
            }
            broadcasts.publish(QUEUED_TOPIC, run.id());
        }
        return admission;
    }

    /**
     * Adds a run to the shared queue and wakes free servers: at the end of the line, or in the place of
     * {@code replacedPlace} (the place of the submitter's waiting run it replaces), when not null.
     */
    void enqueue(Run run, Map<String, String> knobs, Long replacedPlace) {
        insert(run, knobs, replacedPlace);
        broadcasts.publish(QUEUED_TOPIC, run.id());
    }

    private void insert(Run run, Map<String, String> knobs, Long replacedPlace) {
        Submitter by = run.submitter();
        jdbc.update("INSERT INTO cluster_runs (run_id, place, submitter_id, submitter_group, instructor, knobs,"
                        + " engine, lesson_id, prediction, state, submitted_by, submitted_at)"
                        + " VALUES (?, COALESCE(CAST(? AS BIGINT), nextval('cluster_run_places')), ?, ?, ?, ?, ?, ?, ?,"
                        + " 'queued', ?, CURRENT_TIMESTAMP)",
                run.id(), replacedPlace, by.id(), by.group(), by.instructor(), json.writeValueAsString(knobs),
                run.engine(), run.lessonId(), run.prediction(), serverId);
    }

    /**
     * The waiting runs with what orders them as the local fair queue does on one server: instructors' runs first;
     * then each group's first waiting run ({@code turn} 1), the group whose last run started longest ago first
     * ({@code served}), then each group's second, and so on; within that, by place.
     */
    private static final String FAIR_ORDER = "SELECT q.run_id, q.seq, q.instructor, q.place,"
            + " ROW_NUMBER() OVER (PARTITION BY q.submitter_group ORDER BY q.place) AS turn,"
            + " COALESCE((SELECT MAX(s.started_seq) FROM cluster_runs s WHERE s.submitter_group = q.submitter_group), 0)"
            + " AS served FROM cluster_runs q WHERE q.state = 'queued'";

    /** Claims the next queued run for this server, if any: only one server ever gets a given run. */
    Optional<Row> claim() {
        List<Row> claimed = jdbc.query("UPDATE cluster_runs SET state = 'running', executed_by = ?,"
                        + " started_at = CURRENT_TIMESTAMP, started_seq = nextval('cluster_run_starts')"
                        + " WHERE seq = (SELECT c.seq FROM cluster_runs c JOIN (" + FAIR_ORDER + ") f ON f.seq = c.seq"
                        + " WHERE c.state = 'queued' ORDER BY f.instructor DESC, f.turn, f.served, f.place"
                        + " LIMIT 1 FOR UPDATE OF c SKIP LOCKED) AND state = 'queued'"
                        + " RETURNING " + ROW_COLUMNS,
                this::row, serverId);
        return claimed.stream().findFirst();
    }

    /**
     * Records how a run this server executed ended; false when it no longer was this server's (the others took
     * this server for dead and failed the run meanwhile), in which case nothing is changed.
     */
    boolean finish(String runId, RunState end, String message) {
        return jdbc.update("UPDATE cluster_runs SET state = ?, message = ?, ended_at = CURRENT_TIMESTAMP"
                + " WHERE run_id = ? AND state = 'running' AND executed_by = ?", end.id(), message, runId, serverId) == 1;
    }

    /** Cancels a run that is still queued; false when a server has claimed it already (or it ended). */
    boolean cancelQueued(String runId, String message) {
        return cancelQueuedReturningPlace(runId, message) != null;
    }

    /** Cancels a run that is still queued and returns its place; null when a server has claimed it already. */
    Long cancelQueuedReturningPlace(String runId, String message) {
        List<Long> place = jdbc.queryForList("UPDATE cluster_runs SET state = 'cancelled', message = ?,"
                + " ended_at = CURRENT_TIMESTAMP WHERE run_id = ? AND state = 'queued' RETURNING place", Long.class,
                message, runId);
        if (place.isEmpty()) {
            return null;
        }
        appendEnd(runId, RunState.CANCELLED, message);
        return place.getFirst();
    }

    /** Asks whichever server executes the run to stop it. */
    void requestStop(String runId) {
        broadcasts.publish(STOP_TOPIC, runId);
    }

    Optional<Row> find(String runId) {
        return jdbc.query("SELECT " + ROW_COLUMNS + " FROM cluster_runs WHERE run_id = ?", this::row, runId)
                .stream().findFirst();
    }

    /** A queued run's place in the shared queue's order, 1 for next; 0 when it is not waiting. */
    int position(String runId) {
        List<Integer> p = jdbc.queryForList("SELECT position FROM (SELECT run_id, ROW_NUMBER() OVER"
                + " (ORDER BY instructor DESC, turn, served, place) AS position FROM (" + FAIR_ORDER + ") f) o WHERE run_id = ?",
                Integer.class, runId);
        return p.isEmpty() ? 0 : p.getFirst();
    }

    int queueLength() {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM cluster_runs WHERE state = 'queued'", Integer.class);
        return n == null ? 0 : n;
    }

    /**
     * Stores events in one transaction and tells every server the run's newest event id; fails (primary key) when
     * another server already wrote an event with one of these ids, which only happens once this server was taken
     * for dead and its run failed by another.
     */
    void append(String runId, List<StreamEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        transactions.executeWithoutResult(status -> jdbc.batchUpdate(
                "INSERT INTO cluster_run_events (run_id, event_id, name, data) VALUES (?, ?, ?, ?)",
                events.stream().map(e -> new Object[] {runId, e.id(), e.name(), e.json(json::writeValueAsString)}).toList()));
        broadcasts.publish(EVENTS_TOPIC, runId + " " + events.getLast().id());
    }

    /** The events of a run after {@code afterId}, oldest first. */
    List<Event> eventsAfter(String runId, long afterId) {
        return jdbc.query("SELECT event_id, name, data FROM cluster_run_events WHERE run_id = ? AND event_id > ?"
                        + " ORDER BY event_id", (rs, n) -> new Event(rs.getLong(1), rs.getString(2), rs.getString(3)),
                runId, afterId);
    }

    /** The newest event id of each of these runs that has events. */
    Map<String, Long> lastEventIds(List<String> runIds) {
        if (runIds.isEmpty()) {
            return Map.of();
        }
        String marks = runIds.stream().map(id -> "?").collect(Collectors.joining(", "));
        Map<String, Long> last = new LinkedHashMap<>();
        jdbc.query("SELECT run_id, MAX(event_id) FROM cluster_run_events WHERE run_id IN (" + marks + ") GROUP BY run_id",
                rs -> { last.put(rs.getString(1), rs.getLong(2)); }, runIds.toArray());
        return last;
    }

    /** Renews this server's lease (and takes it out at the first call). */
    void heartbeat() {
        if (jdbc.update("UPDATE cluster_servers SET heartbeat_at = CURRENT_TIMESTAMP WHERE server_id = ?", serverId) == 0) {
            jdbc.update("INSERT INTO cluster_servers (server_id, started_at, heartbeat_at)"
                    + " VALUES (?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)", serverId);
        }
    }

    /** Gives up this server's lease at a clean shutdown. */
    void leave() {
        jdbc.update("DELETE FROM cluster_servers WHERE server_id = ?", serverId);
    }

    /**
     * Fails the runs that servers with a lapsed lease were executing, each with a last {@code state} event that the
     * pages following it show; returns how many. Any server may call this: the conditional update lets one win.
     */
    int failRunsOfDeadServers() {
        List<String[]> failed = jdbc.query("UPDATE cluster_runs r SET state = 'failed', ended_at = CURRENT_TIMESTAMP,"
                        + " message = 'The server running it (' || r.executed_by || ') stopped answering, so the run"
                        + " could not finish. Run it again: another server will take it.'"
                        + " WHERE r.state = 'running' AND NOT EXISTS (SELECT 1 FROM cluster_servers s"
                        + " WHERE s.server_id = r.executed_by AND s.heartbeat_at > CURRENT_TIMESTAMP - make_interval(secs => ?))"
                        + " RETURNING r.run_id, r.message",
                (rs, n) -> new String[] {rs.getString(1), rs.getString(2)}, (double) LEASE.toMillis() / 1000);
        for (String[] run : failed) {
            appendEnd(run[0], RunState.FAILED, run[1]);
        }
        jdbc.update("DELETE FROM cluster_servers WHERE heartbeat_at < CURRENT_TIMESTAMP - make_interval(secs => ?)",
                (double) LEASE.toMillis() / 1000 * 10);
        return failed.size();
    }

    /** Forgets runs (and their events) that ended longer ago than {@code age}. */
    void forgetEndedBefore(Duration age) {
        double seconds = age.toMillis() / 1000.0;
        jdbc.update("DELETE FROM cluster_run_events WHERE run_id IN (SELECT run_id FROM cluster_runs"
                + " WHERE ended_at < CURRENT_TIMESTAMP - make_interval(secs => ?))", seconds);
        jdbc.update("DELETE FROM cluster_runs WHERE ended_at < CURRENT_TIMESTAMP - make_interval(secs => ?)", seconds);
    }

    /** Writes a run's last event for a server that is not executing it (it never started, or its server died). */
    private void appendEnd(String runId, RunState end, String message) {
        Long last = jdbc.queryForObject("SELECT COALESCE(MAX(event_id), 0) FROM cluster_run_events WHERE run_id = ?",
                Long.class, runId);
        long id = (last == null ? 0 : last) + 1;
        String json = this.json.writeValueAsString(new Run.StateEvent(end.id(), message, 0));
        jdbc.update("INSERT INTO cluster_run_events (run_id, event_id, name, data) VALUES (?, ?, 'state', ?)",
                runId, id, json);
        broadcasts.publish(EVENTS_TOPIC, runId + " " + id);
    }

    private Row row(ResultSet rs, int n) throws SQLException {
        return new Row(rs.getString("run_id"), new Submitter(rs.getString("submitter_id"),
                rs.getString("submitter_group"), rs.getBoolean("instructor")), json.readValue(rs.getString("knobs"), KNOBS), rs.getString("engine"),
                rs.getString("lesson_id"),
                rs.getString("prediction"), RunState.valueOf(rs.getString("state").toUpperCase(java.util.Locale.ROOT)),
                rs.getString("executed_by"), rs.getString("message"));
    }

    private static String hostName() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                host = "server";
            }
        }
        return host.length() > 40 ? host.substring(0, 40) : host;
    }
}
