package lab.gil.run.cluster;

import java.time.Duration;
import java.util.List;
import lab.gil.run.Run;
import lab.gil.stream.EventSink;
import lab.gil.stream.StreamEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;

/**
 * Copies the events of a run this server executes into the shared table, with the ids its stream gave them, so
 * that pages served by the other servers follow the run. It is one more subscriber of the run's stream: it writes
 * from its own thread, in batches, and the run never waits for the database.
 */
final class RunEventRecorder implements EventSink {

    private static final Logger log = LoggerFactory.getLogger(RunEventRecorder.class);
    private static final int ATTEMPTS = 3;
    private static final Duration RETRY_PAUSE = Duration.ofMillis(200);

    private final Run run;
    private final ClusterRuns cluster;
    /** The id of the newest event stored; a recorder that fell behind subscribes again after it. */
    private volatile long lastStored;
    /** Set when the events can no longer be stored: the others took this server for dead, or the database is gone. */
    private volatile boolean givenUp;

    private RunEventRecorder(Run run, ClusterRuns cluster) {
        this.run = run;
        this.cluster = cluster;
    }

    /** Starts recording every event of {@code run}, from its first. */
    static void record(Run run, ClusterRuns cluster) {
        RunEventRecorder recorder = new RunEventRecorder(run, cluster);
        run.events().subscribe(recorder, 0);
    }

    @Override
    public void send(StreamEvent event) {
        sendAll(List.of(event));
    }

    @Override
    public void sendAll(List<StreamEvent> events) {
        for (int attempt = 1; attempt <= ATTEMPTS && !givenUp; attempt++) {
            try {
                cluster.append(run.id(), events);
                lastStored = events.getLast().id();
                return;
            } catch (DataAccessException e) {
                if (attempt == ATTEMPTS) {
                    givenUp = true;
                    log.warn("Run {}: events from {} on are not shared with the other servers ({})", run.id(),
                            events.getFirst().id(), e.getMessage());
                } else {
                    try {
                        Thread.sleep(RETRY_PAUSE);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }

    @Override
    public void complete() {
        // The run's last event is stored; nothing more to do.
    }

    /** The recorder fell behind the run by a whole mailbox: it starts again after the last event it stored. */
    @Override
    public void fail(String reason) {
        if (!givenUp) {
            run.events().subscribe(this, lastStored);
        }
    }
}
