package lab.gil.run.cluster;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;

/**
 * This server's lease in the shared tables, kept on a thread of its own: renewed every {@link ClusterRuns#HEARTBEAT},
 * and at each renewal the runs of servers whose lease lapsed are failed (any server may do it; one wins), and once a
 * minute the runs that ended long ago are forgotten.
 */
final class Lease implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Lease.class);
    /** How long the shared table keeps a run after it ended: pages following it have long finished. */
    static final Duration FORGET_RUNS_AFTER = Duration.ofHours(1);
    private static final Duration CLEAN_UP_EVERY = Duration.ofMinutes(1);

    private final ClusterRuns cluster;
    private final Thread thread;

    /** Takes out the lease now, then keeps it on the {@code cluster-lease} thread until {@link #close()}. */
    Lease(ClusterRuns cluster) {
        this.cluster = cluster;
        cluster.heartbeat();
        this.thread = Thread.ofPlatform().name("cluster-lease").daemon().start(this::keep);
    }

    private void keep() {
        long nextCleanUp = 0;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                cluster.heartbeat();
                int failed = cluster.failRunsOfDeadServers();
                if (failed > 0) {
                    log.warn("Failed {} run(s) of servers that stopped answering", failed);
                }
                if (System.nanoTime() > nextCleanUp) {
                    cluster.forgetEndedBefore(FORGET_RUNS_AFTER);
                    nextCleanUp = System.nanoTime() + CLEAN_UP_EVERY.toNanos();
                }
            } catch (DataAccessException e) {
                log.warn("Could not renew this server's lease ({})", e.getMessage());
            }
            try {
                Thread.sleep(ClusterRuns.HEARTBEAT);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Stops renewing and gives the lease up, so that the others need not wait for it to lapse. */
    @Override
    public void close() {
        thread.interrupt();
        try {
            cluster.leave();
        } catch (DataAccessException e) {
            log.warn("Could not give up this server's lease ({}); it lapses by itself", e.getMessage());
        }
    }
}
